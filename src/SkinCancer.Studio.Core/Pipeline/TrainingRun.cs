using SkinCancer.Studio.Core.Data;
using SkinCancer.Studio.Core.Models;
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
    /// <summary>The dataset's warnings plus the near-duplicate warning, which only training can know.</summary>
    public IReadOnlyList<string> Warnings => NearDuplicatesAcrossSplit == 0
        ? Dataset.Warnings
        : [.. Dataset.Warnings, $"{NearDuplicatesAcrossSplit} near-duplicate image pair(s) straddle the training/validation split: validation accuracy may be optimistic"];
}
