namespace SkinCancer.Studio.Core.Features;

/// <summary>Progress while images go through the backbone. Cached images count as done at once.</summary>
public sealed record FeaturizationProgress(int Done, int Total, int FromCache, double ImagesPerSecond, TimeSpan Elapsed) : Pipeline.RunProgress
{
    public TimeSpan? Remaining => ImagesPerSecond > 0 && Done < Total
        ? TimeSpan.FromSeconds((Total - Done) / ImagesPerSecond)
        : null;

    public double Fraction => Total == 0 ? 1 : (double)Done / Total;
}
