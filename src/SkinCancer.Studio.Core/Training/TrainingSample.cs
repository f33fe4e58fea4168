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

    /// <summary>Images with the same group id are near-duplicates and are never split between training and validation; null = alone.</summary>
    public int? Group { get; init; }

    /// <summary>Group ids for a split, or null when every image is alone (the plain stratified split).</summary>
    public static int[]? GroupsOf(IReadOnlyList<TrainingSample> samples) =>
        samples.Any(s => s.Group is not null) ? samples.Select((s, i) => s.Group ?? -1 - i).ToArray() : null;
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

    /// <summary>
    /// An out-of-fold ensemble's members by the validation images they held out: the merged <see cref="Head"/> trained on
    /// every image, so only the member that did not can judge one honestly. Null when the heads shared one split.
    /// </summary>
    public IReadOnlyDictionary<int, MlpHead>? HeldOutBy { get; init; }

    /// <summary>How many heads <see cref="Head"/> merges (fewer than asked when the images make fewer non-empty folds).</summary>
    public int Members { get; init; } = 1;

    /// <summary>The head whose prediction of validation image <paramref name="index"/> is an honest one (for the decision threshold).</summary>
    public MlpHead ValidatingHead(int index) => HeldOutBy is { } members ? members[index] : Head;
}
