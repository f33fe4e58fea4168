using System.Numerics.Tensors;
using SkinCancer.Studio.Core.Evaluation;

namespace SkinCancer.Studio.Core.Training;

public sealed record FoldResult(int Fold, double Accuracy, double? Sensitivity, double? Specificity, int BestEpoch);

public sealed record Spread(double Mean, double Std)
{
    public static Spread Of(IEnumerable<double> values)
    {
        var v = values.ToArray();
        double mean = v.Average();
        return new Spread(mean, Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / Math.Max(v.Length - 1, 1)));
    }

    public override string ToString() => $"{Mean:P2} ± {Std:P2}";
}

public sealed record CrossValidationResult(Spread Accuracy, Spread? Sensitivity, Spread? Specificity, IReadOnlyList<FoldResult> Folds);

/// <summary>
/// k-fold cross-validation of the head on prepared samples: how every default in <see cref="TrainingOptions"/> was chosen.
/// Each fold trains on the other folds (with their own validation split for early stopping) and is scored on its own
/// images, which no part of that fold's training saw; near-duplicate groups stay inside one fold. For two classes, sensitivity is the recall of the second label.
/// </summary>
public static class CrossValidation
{
    /// <param name="trainViews">Views of each training image used as training samples (augmentation); view 0 alone means none.</param>
    /// <param name="testViews">Views averaged at test time (test-time augmentation); view 0 alone means none.</param>
    public static CrossValidationResult Run(
        IReadOnlyList<TrainingSample> samples,
        int classCount,
        TrainingOptions options,
        int folds,
        IReadOnlyList<int> trainViews,
        IReadOnlyList<int> testViews,
        CancellationToken cancellationToken = default)
    {
        var labels = samples.Select(s => s.Label).ToArray();
        var foldIndices = StratifiedSplit.Folds(labels, folds, options.Seed, TrainingSample.GroupsOf(samples));
        var results = new List<FoldResult>();
        for (int f = 0; f < folds; f++)
        {
            var testSet = foldIndices[f];
            var trainSet = Enumerable.Range(0, folds).Where(k => k != f).SelectMany(k => foldIndices[k]).Order().ToArray();
            var training = FoldTraining(samples, trainSet, trainViews, testViews);

            var trained = new HeadTrainer(options).Train(training, classCount, cancellationToken: cancellationToken);

            // The decision threshold is chosen as training chooses it: on the head's own validation split.
            var labelNames = Enumerable.Range(0, classCount).Select(c => c.ToString()).ToArray();
            var threshold = Pipeline.ThresholdSelection.Choose(trained, training, labelNames, options);
            var probabilities = testSet.Select(i =>
            {
                var averaged = new float[classCount];
                HeadPrediction.PredictAveraged(trained.Head, testViews.Select(v => samples[i].Views[v]).ToArray(), averaged);
                return averaged;
            }).ToArray();
            results.Add(Score(f + 1, testSet.Select(i => labels[i]).ToArray(), probabilities, threshold, trained.BestEpoch));
        }
        return Summarise(results);
    }

    /// <summary>The training images of a fold with the views they train and validate on, in <paramref name="trainSet"/> order.</summary>
    public static TrainingSample[] FoldTraining(IReadOnlyList<TrainingSample> samples, int[] trainSet, IReadOnlyList<int> trainViews, IReadOnlyList<int> testViews) =>
        trainSet.Select(i => new TrainingSample(samples[i].Label, trainViews.Select(v => samples[i].Views[v]).ToArray())
        {
            TestViews = testViews.Select(v => samples[i].Views[v]).ToArray(),
            Group = samples[i].Group,
        }).ToArray();

    /// <summary>One fold's figures from its test images' probabilities, decided as the model would decide (its threshold).</summary>
    public static FoldResult Score(int fold, int[] truth, float[][] probabilities, DecisionThreshold? threshold, int bestEpoch)
    {
        int classCount = probabilities.Length == 0 ? 0 : probabilities[0].Length;
        var labelNames = Enumerable.Range(0, classCount).Select(c => c.ToString()).ToArray();
        var predicted = probabilities.Select(p => DecisionThreshold.Decide(p, labelNames, threshold)).ToArray();
        var confusion = ClassificationMetrics.Confusion(truth, predicted, classCount);
        double? sensitivity = classCount == 2 ? ClassificationMetrics.ForClass(confusion, 1).Recall : null;
        double? specificity = classCount == 2 ? ClassificationMetrics.ForClass(confusion, 0).Recall : null;
        return new FoldResult(fold, ClassificationMetrics.Accuracy(confusion), sensitivity, specificity, bestEpoch);
    }

    public static CrossValidationResult Summarise(IReadOnlyList<FoldResult> results) => new(
        Spread.Of(results.Select(r => r.Accuracy)),
        results[0].Sensitivity is null ? null : Spread.Of(results.Select(r => r.Sensitivity!.Value)),
        results[0].Specificity is null ? null : Spread.Of(results.Select(r => r.Specificity!.Value)),
        results);
}
