using SkinCancer.Studio.Core.Training;
using SkinCancer.Studio.Core.Training.Options;

namespace SkinCancer.Studio.Components.Training;

/// <summary>The advanced panel's editable copy of <see cref="TrainingOptions"/> (which is immutable), seeded from the configured defaults.</summary>
public sealed class TrainingOptionsForm(TrainingOptions defaults)
{
    public int Epochs { get; set; } = defaults.Epochs;
    public int BatchSize { get; set; } = defaults.BatchSize;
    public double LearningRate { get; set; } = defaults.LearningRate;
    public int HiddenUnits { get; set; } = defaults.HiddenUnits;
    public double Dropout { get; set; } = defaults.Dropout;
    public double WeightDecay { get; set; } = defaults.WeightDecay;
    public double LabelSmoothing { get; set; } = defaults.LabelSmoothing;
    public double ValidationSplit { get; set; } = defaults.ValidationSplit;
    public int Patience { get; set; } = defaults.Patience;
    public bool BalanceClasses { get; set; } = defaults.BalanceClasses;
    public int Seed { get; set; } = defaults.Seed;
    public string FeatureBlocks { get; set; } = defaults.FeatureBlocks;

    /// <summary>"auto", "on" or "off": eight flips/rotations as training data and averaged at prediction time.</summary>
    public string Augment { get; set; } = Choice(defaults.Augment);
    public double TargetSensitivity { get; set; } = defaults.TargetSensitivity;

    /// <summary>"auto", "on" or "off": fine-tune stage 4 with the head after the frozen run (auto: when the estimate fits the budget).</summary>
    public string FineTune { get; set; } = Choice(defaults.FineTune);
    public int FineTuneEpochs { get; set; } = defaults.FineTuneEpochs;
    public double FineTuneLearningRate { get; set; } = defaults.FineTuneLearningRate;
    public double FineTuneHeadLearningRate { get; set; } = defaults.FineTuneHeadLearningRate;
    public int FineTunePatience { get; set; } = defaults.FineTunePatience;
    public int FineTuneBatchSize { get; set; } = defaults.FineTuneBatchSize;
    public int FineTuneViews { get; set; } = defaults.FineTuneViews;
    public double FineTuneBudgetMinutes { get; set; } = defaults.FineTuneBudgetMinutes;

    /// <summary>How the panel, the run list and the run page name a switch that may be automatic (null).</summary>
    public static string Choice(bool? value) => value switch { true => "on", false => "off", null => "auto" };

    private static bool? FromChoice(string choice) => OnOffAuto.Parse(choice, allowAuto: true);

    // Starts from the defaults so that settings the panel does not show (e.g. the positive label) keep their configured values.
    public TrainingOptions ToOptions() => defaults with
    {
        Augment = FromChoice(Augment),
        TestTimeAugmentation = FromChoice(Augment),
        TargetSensitivity = TargetSensitivity,
        Epochs = Epochs,
        BatchSize = BatchSize,
        LearningRate = LearningRate,
        HiddenUnits = HiddenUnits,
        Dropout = Dropout,
        WeightDecay = WeightDecay,
        LabelSmoothing = LabelSmoothing,
        ValidationSplit = ValidationSplit,
        Patience = Patience,
        BalanceClasses = BalanceClasses,
        Seed = Seed,
        FeatureBlocks = FeatureBlocks,
        FineTune = FromChoice(FineTune),
        FineTuneEpochs = FineTuneEpochs,
        FineTuneLearningRate = FineTuneLearningRate,
        FineTuneHeadLearningRate = FineTuneHeadLearningRate,
        FineTunePatience = FineTunePatience,
        FineTuneBatchSize = FineTuneBatchSize,
        FineTuneViews = FineTuneViews,
        FineTuneBudgetMinutes = FineTuneBudgetMinutes,
    };
}
