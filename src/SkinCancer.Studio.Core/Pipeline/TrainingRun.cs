using SkinCancer.Studio.Core.Datasets;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.Pipeline;

/// <summary>The outcome of a finished training run.</summary>
public sealed record TrainingRun(
    DatasetReport Dataset,
    TrainingResult Training,
    ModelPackage Model,
    string ModelDirectory,
    TimeSpan FeaturizationTime,
    TimeSpan TrainingTime,
    int FeaturesFromCache,
    int FeaturesComputed,
    IReadOnlyList<NearDuplicate> NearDuplicates,
    int NearDuplicatesAcrossSplit)
{
    /// <summary>The dataset's warnings plus what training found about near-duplicates, which only featurization can know.</summary>
    public IReadOnlyList<string> Warnings => (NearDuplicates.Count, NearDuplicatesAcrossSplit) switch
    {
        (0, _) => Dataset.Warnings,
        (var pairs, 0) => [.. Dataset.Warnings, $"{pairs} near-duplicate image pair(s) (the same picture twice, e.g. resized or re-encoded): each pair was kept on one side of the training/validation split"],
        (_, var across) => [.. Dataset.Warnings, $"{across} near-duplicate image pair(s) straddle the training/validation split: validation accuracy may be optimistic"],
    };
}
