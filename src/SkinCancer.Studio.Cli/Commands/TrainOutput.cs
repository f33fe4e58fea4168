using SkinCancer.Studio.Core.Datasets;
using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Cli.Commands;

/// <summary>The single JSON object `train --json` prints.</summary>
internal sealed record TrainOutput(
    string ModelDirectory,
    IReadOnlyList<string> Labels,
    IReadOnlyList<ClassCount> Counts,
    double? ValidationAccuracy,
    double? ValidationLoss,
    int BestEpoch,
    string StopReason,
    IReadOnlyList<EpochMetrics> History,
    IReadOnlyList<SkippedFile> Skipped,
    IReadOnlyList<DuplicateGroup> Duplicates,
    IReadOnlyList<LabelConflict> Conflicts,
    IReadOnlyList<NearDuplicate> NearDuplicates,
    DecisionThreshold? Threshold,
    IReadOnlyList<string> Warnings,
    double FeaturizationSeconds,
    double TrainingSeconds,
    int FeaturesFromCache,
    int FeaturesComputed,
    FineTuningInfo? FineTuning,
    AugmentationInfo? Augmentation)
{
    public static TrainOutput From(TrainingRun run) => new(
        run.ModelDirectory,
        run.Model.Metadata.Labels,
        run.Dataset.Counts,
        run.Training.Best?.ValidationAccuracy,
        run.Training.Best?.ValidationLoss,
        run.Training.BestEpoch,
        run.Training.StopReason.ToString(),
        run.Training.History,
        run.Dataset.Skipped,
        run.Dataset.Duplicates,
        run.Dataset.Conflicts,
        run.NearDuplicates,
        run.Model.Metadata.Threshold,
        run.Warnings,
        run.FeaturizationTime.TotalSeconds,
        run.TrainingTime.TotalSeconds,
        run.FeaturesFromCache,
        run.FeaturesComputed,
        run.Model.Metadata.FineTuning,
        run.Model.Metadata.Augmentation);
}
