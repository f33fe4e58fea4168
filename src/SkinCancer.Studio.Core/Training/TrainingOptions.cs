using SkinCancer.Studio.Core.Training.Options;

namespace SkinCancer.Studio.Core.Training;

/// <summary>
/// Every hyperparameter of a training run, with its default. Defaults are overridable in appsettings.json
/// ("Studio:Training") and per run (CLI flags, the studio's advanced panel).
/// Defaults were chosen by 5-fold cross-validation on the training data only (skin-cancer/train, 2,637 images, and
/// flowers-small); each comment gives the figure that chose it. The method and full table are in docs/accuracy.md.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Most passes over the training split; early stopping usually ends sooner. Default 80.</summary>
    [OptionLabel("Epochs (max)")]
    public int Epochs { get; init; } = 80;

    /// <summary>Images per Adam step. Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>AdamW's step size. Default 0.0003: with label smoothing 88.1 % CV accuracy on skin lesions, vs 87.8 % at 0.0001 and 86.8 % at 0.001 without.</summary>
    public double LearningRate { get; init; } = 3e-4;

    /// <summary>Width of the hidden ReLU layer; 0 trains a linear softmax head. Default 256 (512: same CV accuracy, twice the cost; linear: −0.4 points).</summary>
    [OptionLabel("Hidden units (0 = linear)")]
    [CommandLineName("hidden")]
    public int HiddenUnits { get; init; } = 256;

    /// <summary>Fraction of hidden units dropped during training. Default 0.5 (+0.3 points over 0.3 with augmentation).</summary>
    public double Dropout { get; init; } = 0.5;

    /// <summary>Decoupled (AdamW) weight decay per step, relative to the learning rate. Default 1e-4 (0.05 changed nothing measurable).</summary>
    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>Label smoothing of the cross-entropy target. Default 0.1 (+0.9 points CV on skin lesions: less over-confident heads).</summary>
    public double LabelSmoothing { get; init; } = 0.1;

    /// <summary>Fraction of each class held out (stratified) to validate every epoch. Default 0.2. An ensemble of N heads (EnsembleSize) holds out 1/N per head instead, out of fold; 0 turns validation off for both.</summary>
    public double ValidationSplit { get; init; } = 0.2;

    /// <summary>Epochs without a better validation loss before stopping; the best epoch's weights are restored. Default 12.</summary>
    [OptionLabel("Early-stopping patience")]
    public int Patience { get; init; } = 12;

    /// <summary>Weights each class by N / (classes × count) so that a rare class counts as much as a common one. Default on (neutral on the near-balanced skin set; it protects the recall of rare classes).</summary>
    [OptionLabel("Balance classes")]
    [CommandLineName("balance")]
    public bool BalanceClasses { get; init; } = true;

    /// <summary>Seed for the split, the initial weights, shuffling and dropout: same seed and data, same model. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Which pooled backbone outputs form the feature vector (comma-separated of block2, block3, block4, block3max,
    /// block4max, block3center, block4center). Default "block3,block4,block3center,block4center": mid-level texture and
    /// the last layer, each over the whole image and over its centre (CV: block4 alone 84.3 %, +block3 86.4 %, +centres 86.8 %;
    /// block2 and max pooling added nothing).
    /// </summary>
    [OptionLabel("Feature blocks")]
    [CommandLineName("features")]
    public string FeatureBlocks { get; init; } = "block3,block4,block3center,block4center";

    /// <summary>
    /// Trains on the eight flips/rotations of every image and averages its predictions over them (their features are
    /// computed once and cached). Null (the default) means automatic: from the start for training sets of at most
    /// <see cref="AutoAugmentMaxImages"/> images (+5 points on 200 flowers); above, after the fast model, when featurizing the
    /// seven other views is estimated to fit <see cref="FineTuneBudgetMinutes"/>, keeping the head trained on them only when
    /// it validates better (3 grouped skin folds: 85.5 % → 88.9 %, more than fine-tuning's 87.3 %; docs/accuracy.md).
    /// </summary>
    [OptionLabel("Augmentation (flips/rotations)")]
    public bool? Augment { get; init; }

    /// <summary>Averages each prediction over the eight flips/rotations (test-time augmentation). Null (the default) follows <see cref="Augment"/>; set on its own, the run does not augment after the fast model.</summary>
    [OptionLabel("Test-time augmentation")]
    [CommandLineName("tta")]
    public bool? TestTimeAugmentation { get; init; }

    /// <summary>Largest training set for which automatic augmentation is on. Default 1,000 (about 2 minutes of featurization on 2 cores).</summary>
    [OptionLabel("Automatic augmentation up to (images)")]
    public int AutoAugmentMaxImages { get; init; } = 1000;

    /// <summary>Whether augmentation and test-time augmentation apply to a training set of <paramref name="imageCount"/> images.</summary>
    public (bool Augment, bool TestTimeAugmentation) ResolveAugmentation(int imageCount)
    {
        bool augment = Augment ?? imageCount <= AutoAugmentMaxImages;
        return (augment, TestTimeAugmentation ?? augment);
    }

    /// <summary>
    /// Heads trained side by side, each holding out its own 1/N of the images (grouped stratified folds) for validation
    /// and early stopping, so that together they train on every image and each image is validated once, by the head that
    /// did not train on it; their mean logits make the model (one wider head: <see cref="HeadEnsemble"/>). Applies wherever
    /// the head trains on the eight augmented views (from the start, or after a large set's fast model, which stays one
    /// head), in runs that do not fine-tune. Default 10: 200 flowers, 5 grouped folds over 8 fold seeds: five heads on one
    /// shared split 85.5 %, ten heads out of fold 87.7 %; over 4 of those seeds one head 84.0 %, five out of fold 86.9 %,
    /// ten 88.6 %. Skin (2,636 images, eight views), 5 grouped folds, mean of 4 fold seeds: one head 88.92 %, ten out of
    /// fold 89.70 %, better on each seed (docs/accuracy.md).
    /// </summary>
    [OptionLabel("Heads averaged (ensemble)")]
    public int EnsembleSize { get; init; } = 10;

    /// <summary>
    /// Two classes only: the validation sensitivity (recall of <see cref="PositiveLabel"/>) the decision threshold is
    /// lowered to reach (never raised above 0.5); 0 predicts the most probable class. Default 0.9: screening wants few
    /// missed positives (CV on skin lesions: sensitivity 87.8 % → 92.2 %, accuracy −1 point).
    /// </summary>
    [OptionLabel("Target sensitivity (2 classes)")]
    public double TargetSensitivity { get; init; } = 0.9;

    /// <summary>Two classes only: the class whose recall is the sensitivity. Default: the second label in order (e.g. "malignant").</summary>
    [OptionLabel("Positive class (2 classes)")]
    public string? PositiveLabel { get; init; }

    /// <summary>
    /// After the frozen head, fine-tunes the backbone's last stage (stage 4) with the head on cached stage-3 maps, and keeps
    /// the fine-tuned network when it validates better; the frozen model is saved first and usable meanwhile. auto (null,
    /// the default) fine-tunes sets of at least FineTuneMinImages images when the time estimated for this machine fits
    /// what is left of FineTuneBudgetMinutes after automatic augmentation's share (the 2,636 skin images on 2 cores: the
    /// eight views and their ten heads are estimated at 8.1 of the 8.5 min, which leaves 0.4 min, under fine-tuning's 5.1 min
    /// with bfloat16 steps or 7.7 min without, so the skin set is augmented, not fine-tuned).
    /// Cross-validated, it never did worse than the frozen model: +2.0 points on the skin set (3 folds, 85.5 % → 87.5 %), the
    /// same on 200 flower photos, ±0 after the eight views (88.9 %; docs/accuracy.md).
    /// </summary>
    public bool? FineTune { get; init; }

    /// <summary>
    /// Most fine-tuning epochs; early stopping may end sooner. Default 5: on 2 cores an epoch of the 2,636 skin images takes
    /// about 75 s in 32 bits (about 40 s with bfloat16 steps), and 5 keep the whole default run under 10 minutes either way. On the skin holdout, 5 epochs gave 88.9 % and 8
    /// (over that time) 90.2 %, both best at their last epoch; docs/accuracy.md.
    /// </summary>
    public int FineTuneEpochs { get; init; } = 5;

    /// <summary>AdamW step size of the fine-tuned stage after a warm-up over the first epoch. Default 0.0001.</summary>
    public double FineTuneLearningRate { get; init; } = 1e-4;

    /// <summary>AdamW step size of the head while the stage fine-tunes (it starts from the frozen run's head). Default 0.0001.</summary>
    public double FineTuneHeadLearningRate { get; init; } = 1e-4;

    /// <summary>
    /// Fine-tuning epochs without a better validation loss before stopping (the best epoch is restored). Default 5, so the
    /// 5 default epochs all run: the first epochs at the full rate often validate worse than the frozen start before they
    /// recover. On the skin holdout, patience 2 stopped after epochs 1–2 and kept the frozen model (86.6 % held out);
    /// run to epoch 5, the fine-tuned network was kept (88.9 %). The time estimate always counts every epoch.
    /// </summary>
    public int FineTunePatience { get; init; } = 5;

    /// <summary>Images per fine-tuning step. Default 32.</summary>
    public int FineTuneBatchSize { get; init; } = 32;

    /// <summary>
    /// Augmented views of each image whose stage-3 maps are computed once and cached for fine-tuning, taken in
    /// <see cref="Imaging.ImageViews.All"/> order (1 = the image only, 2 = also its horizontal flip, 4 = also 90° and 180°
    /// rotations, 8 = all flips and rotations). Each epoch trains on one view per image; validation and a kept model's
    /// predictions average over all of them. Default 2: a mirror image is the same class for nearly every kind of
    /// picture, rotations are not (docs/accuracy.md).
    /// </summary>
    public int FineTuneViews { get; init; } = 2;

    /// <summary>
    /// Below 1, each fine-tuning epoch trains on a fresh random resized crop of every training image (area fraction between
    /// this and 1, aspect ratio 3/4 to 4/3, then one of the <see cref="FineTuneViews"/> views), its stage-3 maps computed
    /// again each epoch, instead of the cached maps of whole images. Default 1 (off): on 200 flower photos (5 grouped folds,
    /// crops down to 0.35, all eight views) the fine-tuned network was kept in 1 of 5 folds at rate 1e-4 and in none at
    /// 5e-4, and scored below the frozen model on the test folds even where it ran to the end (docs/accuracy.md).
    /// </summary>
    [OptionLabel("Fine-tune crop scale (1 = off)")]
    public double FineTuneCropScale { get; init; } = 1;

    /// <summary>
    /// Fine-tuning's training steps compute the trained stage in bfloat16: the weights stay 32-bit floats (updated, saved
    /// and exported as such), and validation, the kept model and every prediction run in 32 bits. auto (null, the default)
    /// uses it where the CPU computes bfloat16 natively (AVX512-BF16 or AMX): there a step takes about half as long (an epoch
    /// of the skin holdout's training images 71 s → 37 s on 2 cores), elsewhere it could be slower than 32 bits. Accuracy
    /// is the same within the folds' spread: 3 grouped skin folds 87.49 % ± 1.56 in 32 bits, 87.26 % ± 1.63 in bfloat16.
    /// </summary>
    [OptionLabel("Fine-tune in bfloat16")]
    [CommandLineName("fine-tune-bf16")]
    public bool? FineTuneBFloat16 { get; init; }

    /// <summary>
    /// Also keeps a moving average of the fine-tuned weights over about one epoch of steps, validates it at each epoch's end
    /// beside the weights themselves, and keeps whichever validates better. Averaged weights sit nearer the middle of the
    /// region the steps wander in, and early on they blend the frozen start with what the epoch learnt. Default off: on the
    /// skin holdout it gained (87.1 % → 89.1 %, AUC 0.963 → 0.966), on 3 grouped folds it did not (87.26 % → 87.15 %), and
    /// it costs a second validation pass per epoch (docs/accuracy.md).
    /// </summary>
    [OptionLabel("Fine-tune weight average")]
    public bool FineTuneWeightAverage { get; init; }

    /// <summary>
    /// With <see cref="Augment"/> or <see cref="FineTune"/> automatic: the most estimated time spent after the fast model (which
    /// is saved first): the eight augmented views take their share first, then fine-tuning runs if its estimate fits what is
    /// left. Default 8.5 minutes: with the fast model (~75 s cold) the skin set's run stays under 10 (8:12 measured). The
    /// estimates scale the speeds measured on an AVX-512 machine by core count only, so that the same data and settings
    /// plan the same model on any machine of that core count; on a CPU that runs ONNX Runtime half as fast (AVX2 only) the
    /// same plan took 12:49–16:43, and a budget under 5 min there keeps the run to the fast model (docs/accuracy.md).
    /// </summary>
    public double FineTuneBudgetMinutes { get; init; } = 8.5;

    /// <summary>
    /// With <see cref="FineTune"/> automatic: the fewest images a set needs to be fine-tuned (on fine-tunes any set). Default
    /// 1,000: cross-validated, fine-tuning stage 4 gained on the 2,636 skin images and nothing on 200 flower photos (the
    /// fine-tuned network was kept in 0 of 5 folds); sets up to 1,000 images get the eight augmented views instead
    /// (<see cref="Augment"/> automatic).
    /// </summary>
    [OptionLabel("Fine-tune from (images, auto)")]
    public int FineTuneMinImages { get; init; } = 1000;

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
        Require(EnsembleSize is >= 1 and <= 16, "ensemble size must be between 1 and 16");
        Require(TargetSensitivity is >= 0 and < 1, "target sensitivity must be in [0, 1)");
        Require(FineTuneEpochs is >= 1 and <= 1000, "fine-tune epochs must be between 1 and 1000");
        Require(FineTuneLearningRate is > 0 and <= 1, "fine-tune learning rate must be in (0, 1]");
        Require(FineTuneHeadLearningRate is > 0 and <= 1, "fine-tune head learning rate must be in (0, 1]");
        Require(FineTunePatience >= 1, "fine-tune patience must be at least 1");
        Require(FineTuneBatchSize is >= 1 and <= 4096, "fine-tune batch size must be between 1 and 4096");
        Require(FineTuneViews is >= 1 and <= 8, "fine-tune views must be between 1 and 8");
        Require(FineTuneCropScale is > 0 and <= 1, "fine-tune crop scale must be in (0, 1]");
        Require(FineTuneBudgetMinutes is >= 0 and <= 10_000, "fine-tune budget must be between 0 and 10000 minutes");
        Require(FineTuneMinImages >= 0, "fine-tune min images must be at least 0");
        _ = Features.FeatureLayout.Parse(FeatureBlocks);
    }

    private static void Require(bool condition, string message)
    {
        if (!condition) throw new ArgumentException(message);
    }
}
