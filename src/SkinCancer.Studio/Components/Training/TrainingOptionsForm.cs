using SkinCancer.Studio.Core.Training;

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

    public TrainingOptions ToOptions() => new()
    {
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
    };
}
