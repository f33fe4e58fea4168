namespace SkinCancer.Studio.Core.ModelPackages;

/// <summary>
/// How a run's fine-tuning phase went, in metadata.json, so a frozen run and a fine-tuned run of the same data compare
/// side by side: whether it ran, what it trained, which network the model kept and why, and how long each phase took.
/// </summary>
public sealed record FineTuningInfo
{
    /// <summary>"off", "auto" or "on": the setting the run had.</summary>
    public required string Mode { get; init; }

    public required bool Ran { get; init; }

    /// <summary>True when the model's backbone is the fine-tuned one (backbone.onnx beside the head).</summary>
    public required bool Kept { get; init; }

    /// <summary>In words: why it did not run, or which network was kept and why.</summary>
    public required string Reason { get; init; }

    /// <summary>The backbone stages that trained (e.g. "stage4").</summary>
    public IReadOnlyList<string> Stages { get; init; } = [];

    /// <summary>"bfloat16" or "float32": what the training steps computed in (the saved weights are 32-bit floats either way).</summary>
    public string? TrainingPrecision { get; init; }

    /// <summary>True when the kept weights are the moving average of the steps' weights (FineTuneWeightAverage).</summary>
    public bool WeightAverage { get; init; }

    /// <summary>With random resized crops (FineTuneCropScale below 1): the smallest area fraction a training crop kept.</summary>
    public double? CropScale { get; init; }

    public int EpochsRun { get; init; }
    public int BestEpoch { get; init; }
    public double? FrozenValidationLoss { get; init; }
    public double? FrozenValidationAccuracy { get; init; }
    public double? FineTunedValidationLoss { get; init; }
    public double? FineTunedValidationAccuracy { get; init; }

    /// <summary>The estimate for this machine that <c>auto</c> compared with the budget.</summary>
    public double EstimatedSeconds { get; init; }

    /// <summary>Wall time of each phase: featurize, head, stage-maps, fine-tune.</summary>
    public IReadOnlyDictionary<string, double> PhaseSeconds { get; init; } = new Dictionary<string, double>();
}
