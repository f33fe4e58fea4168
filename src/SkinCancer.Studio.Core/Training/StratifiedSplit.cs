namespace SkinCancer.Studio.Core.Training;

/// <summary>Holds out the same fraction of every class, chosen by a seeded shuffle.</summary>
public static class StratifiedSplit
{
    public static (int[] Train, int[] Validation) Split(IReadOnlyList<int> labels, double validationFraction, int seed)
    {
        var random = new Random(seed);
        var train = new List<int>();
        var validation = new List<int>();
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var indices = group.ToArray();
            random.Shuffle(indices);
            // A class with a single image cannot be both learned and validated: it stays in training.
            int held = indices.Length < 2 ? 0 : (int)Math.Round(indices.Length * validationFraction);
            if (validationFraction > 0 && indices.Length >= 2) held = Math.Clamp(held, 1, indices.Length - 1);
            validation.AddRange(indices[..held]);
            train.AddRange(indices[held..]);
        }
        train.Sort();
        validation.Sort();
        return (train.ToArray(), validation.ToArray());
    }

    /// <summary>Splits indices into k stratified folds (for cross-validation).</summary>
    public static int[][] Folds(IReadOnlyList<int> labels, int k, int seed)
    {
        var random = new Random(seed);
        var folds = Enumerable.Range(0, k).Select(_ => new List<int>()).ToArray();
        int next = 0;
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var indices = group.ToArray();
            random.Shuffle(indices);
            foreach (var index in indices) folds[next++ % k].Add(index);
        }
        return folds.Select(f => f.Order().ToArray()).ToArray();
    }
}
