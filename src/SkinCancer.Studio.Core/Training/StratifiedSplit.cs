namespace SkinCancer.Studio.Core.Training;

/// <summary>
/// Holds out the same fraction of every class, chosen by a seeded shuffle. With groups (images that are near-duplicates
/// of each other: the same lesion photographed twice), a group is never split: all of it trains or all of it validates,
/// because a copy in training makes its twin in validation look easy. Without groups (or with every image its own group)
/// the split is the plain stratified one.
/// </summary>
public static class StratifiedSplit
{
    public static (int[] Train, int[] Validation) Split(IReadOnlyList<int> labels, double validationFraction, int seed, IReadOnlyList<int>? groups = null)
    {
        var random = new Random(seed);
        var train = new List<int>();
        var validation = new List<int>();
        var members = MembersByGroup(labels.Count, groups);
        var placed = new bool[labels.Count];
        foreach (var @class in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var indices = @class.ToArray();
            random.Shuffle(indices);
            // A class with a single image cannot be both learned and validated: it stays in training.
            int held = indices.Length < 2 ? 0 : (int)Math.Round(indices.Length * validationFraction);
            if (validationFraction > 0 && indices.Length >= 2) held = Math.Clamp(held, 1, indices.Length - 1);
            int validating = 0;
            foreach (var index in indices)
            {
                if (placed[index]) continue;
                var group = members(index);
                int sameClass = group.Count(i => labels[i] == @class.Key);
                bool toValidation = validating < held && validating + sameClass < indices.Length;
                foreach (var member in group)
                {
                    placed[member] = true;
                    (toValidation ? validation : train).Add(member);
                }
                if (toValidation) validating += sameClass;
            }
        }
        train.Sort();
        validation.Sort();
        return (train.ToArray(), validation.ToArray());
    }

    /// <summary>Splits indices into k stratified folds (for cross-validation), keeping each group inside one fold.</summary>
    public static int[][] Folds(IReadOnlyList<int> labels, int k, int seed, IReadOnlyList<int>? groups = null)
    {
        var random = new Random(seed);
        var folds = Enumerable.Range(0, k).Select(_ => new List<int>()).ToArray();
        var members = MembersByGroup(labels.Count, groups);
        var placed = new bool[labels.Count];
        int next = 0;
        foreach (var @class in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var indices = @class.ToArray();
            random.Shuffle(indices);
            foreach (var index in indices)
            {
                if (placed[index]) continue;
                var fold = folds[next++ % k];
                foreach (var member in members(index))
                {
                    placed[member] = true;
                    fold.Add(member);
                }
            }
        }
        return folds.Select(f => f.Order().ToArray()).ToArray();
    }

    private static Func<int, IReadOnlyList<int>> MembersByGroup(int count, IReadOnlyList<int>? groups)
    {
        if (groups is null) return index => [index];
        if (groups.Count != count) throw new ArgumentException($"{groups.Count} group ids for {count} images");
        var byGroup = Enumerable.Range(0, count).GroupBy(i => groups[i]).ToDictionary(g => g.Key, g => (IReadOnlyList<int>)g.ToArray());
        return index => byGroup[groups[index]];
    }
}
