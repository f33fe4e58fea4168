namespace SkinCancer.Studio.Core.Training;

/// <summary>
/// One epoch's figures, emitted as the epoch ends (Keras-style names: loss/accuracy, and the validation ones).
/// Training figures are running means over the epoch's batches (with dropout on), validation ones use the full model.
/// </summary>
public sealed record EpochMetrics(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double? ValidationLoss,
    double? ValidationAccuracy,
    double LearningRate,
    TimeSpan Elapsed) : Pipeline.RunProgress
{
    /// <summary>Which training phase the epoch belongs to: "head" (frozen backbone) or "fine-tune" (a backbone stage trains too).</summary>
    public string Phase { get; init; } = "head";
}
