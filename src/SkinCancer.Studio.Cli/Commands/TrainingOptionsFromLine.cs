using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Cli.Commands;

/// <summary>The training flags shared by `train` and `crossvalidate`, applied over the configured defaults.</summary>
internal static class TrainingOptionsFromLine
{
    public static TrainingOptions Read(CommandLine line, TrainingOptions defaults) => defaults with
    {
        Epochs = line.Int("epochs") ?? defaults.Epochs,
        LearningRate = line.Double("learning-rate") ?? defaults.LearningRate,
        BatchSize = line.Int("batch-size") ?? defaults.BatchSize,
        HiddenUnits = line.Int("hidden") ?? defaults.HiddenUnits,
        Dropout = line.Double("dropout") ?? defaults.Dropout,
        WeightDecay = line.Double("weight-decay") ?? defaults.WeightDecay,
        LabelSmoothing = line.Double("label-smoothing") ?? defaults.LabelSmoothing,
        ValidationSplit = line.Double("validation-split") ?? defaults.ValidationSplit,
        Patience = line.Int("patience") ?? defaults.Patience,
        BalanceClasses = (line.Int("balance") ?? (defaults.BalanceClasses ? 1 : 0)) != 0,
        Seed = line.Int("seed") ?? defaults.Seed,
        FeatureBlocks = line.String("features") ?? defaults.FeatureBlocks,
        Augment = (line.Int("augment") ?? (defaults.Augment ? 1 : 0)) != 0,
        TestTimeAugmentation = (line.Int("tta") ?? (defaults.TestTimeAugmentation ? 1 : 0)) != 0,
        TargetSensitivity = line.Double("target-sensitivity") ?? defaults.TargetSensitivity,
        PositiveLabel = line.String("positive-label") ?? defaults.PositiveLabel,
    };
}
