namespace SkinCancer.Studio.Core.Training;

/// <summary>
/// One image for the head: its label and one feature vector per view (view 0 is the image as it is; further views are
/// flips/rotations when augmentation is on). The split is by image, so no view of a validation image is trained on.
/// </summary>
public sealed record TrainingSample(int Label, IReadOnlyList<float[]> Views)
{
    /// <summary>Views averaged when this image validates or tests a head (test-time augmentation); <see cref="Views"/> when null.</summary>
    public IReadOnlyList<float[]>? TestViews { get; init; }

    public IReadOnlyList<float[]> ViewsForTesting => TestViews ?? Views;
}

public enum StopReason { Completed, EarlyStopped }

/// <summary>The trained head, its per-epoch history, and which images trained and validated it.</summary>
public sealed record TrainingResult(
    MlpHead Head,
    IReadOnlyList<EpochMetrics> History,
    int BestEpoch,
    StopReason StopReason,
    int[] TrainIndices,
    int[] ValidationIndices)
{
    public EpochMetrics? Best => History.FirstOrDefault(h => h.Epoch == BestEpoch);
}
