using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.ModelPackages;

/// <summary>Everything a later load needs besides the weights; written as metadata.json beside them.</summary>
public sealed record ModelMetadata
{
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;
    public required string StudioVersion { get; init; }
    public required DateTimeOffset CreatedUtc { get; init; }

    /// <summary>Class labels in output order.</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    public required BackboneInfo Backbone { get; init; }
    public required PreprocessingInfo Preprocessing { get; init; }
    public required HeadInfo Head { get; init; }
    public required TrainingOptions Hyperparameters { get; init; }
    public required ValidationInfo Validation { get; init; }

    /// <summary>Views whose probabilities are averaged at prediction time (0 = the image as it is).</summary>
    public IReadOnlyList<int> TestTimeViews { get; init; } = [0];

    /// <summary>Two-class decision threshold; null predicts the most probable class.</summary>
    public Evaluation.DecisionThreshold? Threshold { get; init; }

    /// <summary>The fine-tuning phase (null in models from before it existed).</summary>
    public FineTuningInfo? FineTuning { get; init; }

    /// <summary>How the run used the eight flips/rotations (null in models from before it was recorded).</summary>
    public AugmentationInfo? Augmentation { get; init; }
}

public sealed record BackboneInfo(string Id, string FeatureBlocks, int FeatureLength);

public sealed record PreprocessingInfo(
    string Id,
    int InputSize,
    string Resize,
    string InputLayout,
    string InputRange,
    string BackboneNormalisation,
    IReadOnlyList<float> MeanBgr);

public sealed record HeadInfo(string Type, int InputLength, int HiddenUnits, int ClassCount, string WeightsFile, IReadOnlyList<WeightArrayInfo> Arrays);

public sealed record WeightArrayInfo(string Name, int[] Shape);

/// <param name="OutOfFold">An ensemble whose heads each held out their own images: every image validated once, by the head that did not train on it (so TrainImages and ValidationImages are both all of them).</param>
public sealed record ValidationInfo(
    double? Accuracy,
    double? Loss,
    int BestEpoch,
    int EpochsRun,
    int TrainImages,
    int ValidationImages,
    IReadOnlyList<ClassCountInfo> ClassCounts,
    bool OutOfFold = false);

public sealed record ClassCountInfo(string Label, int Count);
