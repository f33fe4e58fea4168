namespace SkinCancer.Studio.Core.Pipeline;

/// <summary>
/// Progress of the fine-tuning phase, for a progress bar with images/s and ETA: while the stage-3 maps are computed
/// (<see cref="Step"/> "stage-maps", <see cref="Epoch"/> 0), then after each training step of each epoch ("epoch").
/// </summary>
public sealed record FineTuningProgress(string Step, int Epoch, int MaxEpochs, int Done, int Total, double ImagesPerSecond, TimeSpan Elapsed) : RunProgress
{
    public const string MapsStep = "stage-maps";
    public const string EpochStep = "epoch";

    public TimeSpan? Remaining => ImagesPerSecond > 0 && Done < Total ? TimeSpan.FromSeconds((Total - Done) / ImagesPerSecond) : null;

    public double Fraction => Total == 0 ? 1 : (double)Done / Total;
}

/// <summary>Emitted once before the fine-tuning phase: whether it will run, and the time estimated for this machine.</summary>
public sealed record FineTuningPlan(string Mode, bool WillRun, TimeSpan Estimate, string Reason) : RunProgress;

/// <summary>
/// Emitted when a run that goes on to fine-tune has saved its frozen model: the model folder already holds a complete,
/// usable model, which the fine-tuned one replaces at the end only if it validates better.
/// </summary>
public sealed record FrozenModelSaved(string ModelDirectory, double? ValidationAccuracy) : RunProgress
{
    /// <summary>The head's best epoch, whose weights the frozen model holds.</summary>
    public int BestEpoch { get; init; }
}
