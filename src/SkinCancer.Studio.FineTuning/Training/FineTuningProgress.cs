using SkinCancer.Studio.Core.Pipeline;

namespace SkinCancer.Studio.FineTuning.Training;

/// <summary>Progress within a fine-tuning epoch, after each step: the progress bar's images/s and ETA.</summary>
public sealed record FineTuningProgress(int Epoch, int MaxEpochs, int Done, int Total, double ImagesPerSecond, TimeSpan Elapsed) : RunProgress
{
    public TimeSpan? Remaining => ImagesPerSecond > 0 && Done < Total ? TimeSpan.FromSeconds((Total - Done) / ImagesPerSecond) : null;

    public double Fraction => Total == 0 ? 1 : (double)Done / Total;
}
