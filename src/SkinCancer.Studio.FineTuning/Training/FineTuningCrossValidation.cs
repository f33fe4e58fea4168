using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Core.Training;
using SkinCancer.Studio.FineTuning.Maps;
using SkinCancer.Studio.FineTuning.Network;

namespace SkinCancer.Studio.FineTuning.Training;

/// <summary>
/// Cross-validation figures of the frozen model and of what fine-tuning makes of it, fold by fold on the same folds.
/// <see cref="FineTuned"/> scores the model a run would keep (the fine-tuned one only where it validated better);
/// <see cref="FoldsKept"/> says in how many folds that was the fine-tuned network.
/// </summary>
public sealed record FineTuningCrossValidationResult(CrossValidationResult Frozen, CrossValidationResult FineTuned, int FoldsKept);

/// <summary>
/// k-fold cross-validation of the whole recipe, frozen head then fine-tuning, as <c>train</c> runs it: each fold trains on
/// the others (their own validation split chooses the epochs, the kept network and the decision threshold) and is scored
/// on its own images; near-duplicate groups stay inside one fold. Stage-3 maps are computed once for all images.
/// </summary>
public static class FineTuningCrossValidation
{
    public static FineTuningCrossValidationResult Run(
        PreparedDataset prepared,
        TrainingOptions options,
        FeatureLayout layout,
        int folds,
        IReadOnlyList<int> trainViews,
        IReadOnlyList<int> testViews,
        Action<RunProgress>? onProgress,
        CancellationToken cancellationToken,
        string? resNet18Path = null)
    {
        var path = resNet18Path ?? ResNet18Backbone.DefaultModelPath;
        var samples = prepared.Samples;
        var labels = samples.Select(s => s.Label).ToArray();
        var labelNames = Enumerable.Range(0, prepared.Labels.Count).Select(c => c.ToString()).ToArray();
        var mapViews = Enumerable.Range(0, options.FineTuneViews).ToArray();
        var paths = prepared.Report.Images.Select(i => i.Path).ToArray();
        var maps = StageMapBuilder.Compute(path, paths, mapViews, onProgress, cancellationToken);
        using var crops = RandomCropMaps.For(options, path, paths);
        var foldIndices = StratifiedSplit.Folds(labels, folds, options.Seed, TrainingSample.GroupsOf(samples));
        var frozenResults = new List<FoldResult>();
        var tunedResults = new List<FoldResult>();
        int kept = 0;
        for (int f = 0; f < folds; f++)
        {
            var testSet = foldIndices[f];
            var trainSet = Enumerable.Range(0, folds).Where(k => k != f).SelectMany(k => foldIndices[k]).Order().ToArray();
            var truth = testSet.Select(i => labels[i]).ToArray();
            var training = CrossValidation.FoldTraining(samples, trainSet, trainViews, testViews);

            var frozen = new HeadTrainer(options).Train(training, labelNames.Length, cancellationToken: cancellationToken);
            var frozenThreshold = ThresholdSelection.Choose(frozen, training, labelNames, options);
            var frozenProbabilities = testSet.Select(i => Predict(frozen.Head, testViews.Select(v => samples[i].Views[v]).ToArray(), labelNames.Length)).ToArray();
            frozenResults.Add(CrossValidation.Score(f + 1, truth, frozenProbabilities, frozenThreshold, frozen.BestEpoch));

            using var outcome = new StageFineTuner(options).Run(StageNetwork.Stage4(path), frozen.Head, layout, maps, labels,
                frozen.TrainIndices.Select(i => trainSet[i]).ToArray(), frozen.ValidationIndices.Select(i => trainSet[i]).ToArray(),
                frozen.History.Count + 1, onProgress, cancellationToken, crops);
            if (!outcome.Kept)
            {
                tunedResults.Add(frozenResults[^1]);
                continue;
            }
            kept++;
            // The kept model's threshold is chosen on the fine-tuned features of the validation images, as train does.
            var tunedTraining = training.ToArray();
            foreach (var j in frozen.ValidationIndices)
            {
                tunedTraining[j] = tunedTraining[j] with { Views = mapViews.Select(v => StageFourFineTuning.Features(outcome.Network, maps, trainSet[j], v)).ToArray(), TestViews = null };
            }
            var tunedThreshold = ThresholdSelection.Choose(frozen with { Head = outcome.Head }, tunedTraining, labelNames, options);
            var tunedProbabilities = testSet
                .Select(i => Predict(outcome.Head, mapViews.Select(v => StageFourFineTuning.Features(outcome.Network, maps, i, v)).ToArray(), labelNames.Length))
                .ToArray();
            tunedResults.Add(CrossValidation.Score(f + 1, truth, tunedProbabilities, tunedThreshold, outcome.BestEpoch));
        }
        return new FineTuningCrossValidationResult(CrossValidation.Summarise(frozenResults), CrossValidation.Summarise(tunedResults), kept);
    }

    private static float[] Predict(MlpHead head, IReadOnlyList<float[]> views, int classCount)
    {
        var probabilities = new float[classCount];
        HeadPrediction.PredictAveraged(head, views, probabilities);
        return probabilities;
    }
}
