namespace SkinCancer.Studio.Core.Training;

/// <summary>
/// Every hyperparameter of a training run, with its default. Defaults are overridable in appsettings.json
/// ("Studio:Training") and per run (CLI flags, the studio's advanced panel).
/// Defaults were chosen by cross-validation on the training data only; see docs/accuracy.md.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Most passes over the training split; early stopping usually ends sooner. Default 80.</summary>
    public int Epochs { get; init; } = 80;

    /// <summary>Images per Adam step. Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Adam's step size at the start of training. Default 0.001 (Adam's usual default).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Width of the hidden ReLU layer; 0 trains a linear softmax head. Default 256.</summary>
    public int HiddenUnits { get; init; } = 256;

    /// <summary>Fraction of hidden units dropped during training. Default 0.3.</summary>
    public double Dropout { get; init; } = 0.3;

    /// <summary>Decoupled (AdamW) weight decay per step, relative to the learning rate. Default 1e-4.</summary>
    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>Label smoothing of the cross-entropy target. Default 0.</summary>
    public double LabelSmoothing { get; init; } = 0.0;

    /// <summary>Fraction of each class held out (stratified) to validate every epoch. Default 0.2.</summary>
    public double ValidationSplit { get; init; } = 0.2;

    /// <summary>Epochs without a better validation loss before stopping; the best epoch's weights are restored. Default 12.</summary>
    public int Patience { get; init; } = 12;

    /// <summary>Weights each class by N / (classes × count) so that a rare class counts as much as a common one. Default on.</summary>
    public bool BalanceClasses { get; init; } = true;

    /// <summary>Seed for the split, the initial weights, shuffling and dropout: same seed and data, same model. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Which pooled backbone blocks form the feature vector (comma-separated of block2, block3, block4).
    /// Default "block3,block4": mid-level texture plus the last layer.
    /// </summary>
    public string FeatureBlocks { get; init; } = "block3,block4";

    /// <summary>
    /// Trains on the eight flips/rotations of every image (their features are computed once and cached). Suits images
    /// without a natural "up" (skin lesions, microscopy); costs 8× the featurization of a first run.
    /// </summary>
    public bool Augment { get; init; } = false;

    /// <summary>Averages each prediction over the eight flips/rotations (test-time augmentation); 8× featurization per new image.</summary>
    public bool TestTimeAugmentation { get; init; } = false;

    /// <summary>
    /// Two classes only: the validation sensitivity (recall of <see cref="PositiveLabel"/>) the decision threshold is set
    /// to reach; 0 predicts the most probable class. Screening wants few missed positives.
    /// </summary>
    public double TargetSensitivity { get; init; } = 0;

    /// <summary>Two classes only: the class whose recall is the sensitivity. Default: the second label in order (e.g. "malignant").</summary>
    public string? PositiveLabel { get; init; }

    /// <summary>Checks ranges so a bad value is refused before any work starts.</summary>
    public void Validate()
    {
        Require(Epochs is >= 1 and <= 10_000, "epochs must be between 1 and 10000");
        Require(BatchSize is >= 1 and <= 65_536, "batch size must be between 1 and 65536");
        Require(LearningRate is > 0 and <= 1, "learning rate must be in (0, 1]");
        Require(HiddenUnits is >= 0 and <= 8192, "hidden units must be between 0 and 8192");
        Require(Dropout is >= 0 and < 1, "dropout must be in [0, 1)");
        Require(WeightDecay is >= 0 and < 1, "weight decay must be in [0, 1)");
        Require(LabelSmoothing is >= 0 and < 1, "label smoothing must be in [0, 1)");
        Require(ValidationSplit is >= 0 and < 0.9, "validation split must be in [0, 0.9)");
        Require(Patience >= 1, "patience must be at least 1");
        Require(TargetSensitivity is >= 0 and < 1, "target sensitivity must be in [0, 1)");
        _ = Features.FeatureLayout.Parse(FeatureBlocks);
    }

    private static void Require(bool condition, string message)
    {
        if (!condition) throw new ArgumentException(message);
    }
}
