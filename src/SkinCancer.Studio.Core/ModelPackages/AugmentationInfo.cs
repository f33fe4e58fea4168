namespace SkinCancer.Studio.Core.ModelPackages;

/// <summary>
/// How a run used the eight flips/rotations of its images (metadata.json): from the start, after the fast model (and
/// whether the head trained on them was kept), or not at all, and why.
/// </summary>
public sealed record AugmentationInfo
{
    public const string FromStart = "from the start", AfterFastModel = "after the fast model", None = "none";

    /// <summary>"off", "auto" or "on": the setting the run had.</summary>
    public required string Mode { get; init; }

    /// <summary><see cref="FromStart"/>, <see cref="AfterFastModel"/> or <see cref="None"/>.</summary>
    public required string When { get; init; }

    /// <summary>True when the model's head trained on the eight views and its predictions average them.</summary>
    public required bool Kept { get; init; }

    /// <summary>In words: why it ran when it did, or did not run, and which head was kept.</summary>
    public required string Reason { get; init; }

    /// <summary>After the fast model: the estimate for this machine that auto compared with the budget.</summary>
    public double EstimatedSeconds { get; init; }

    /// <summary>After the fast model: the wall time of featurizing the other seven views and training the head on all eight.</summary>
    public double Seconds { get; init; }

    public double? FastValidationLoss { get; init; }
    public double? FastValidationAccuracy { get; init; }
    public double? AugmentedValidationLoss { get; init; }
    public double? AugmentedValidationAccuracy { get; init; }
}
