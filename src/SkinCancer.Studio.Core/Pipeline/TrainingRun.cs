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
    int FeaturesComputed);
