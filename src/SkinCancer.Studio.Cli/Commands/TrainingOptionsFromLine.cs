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
        Augment = OnOffAuto(line, "augment", defaults.Augment),
        TestTimeAugmentation = OnOffAuto(line, "tta", defaults.TestTimeAugmentation),
        TargetSensitivity = line.Double("target-sensitivity") ?? defaults.TargetSensitivity,
        PositiveLabel = line.String("positive-label") ?? defaults.PositiveLabel,
        FineTune = OnOffAuto(line, "fine-tune", defaults.FineTune),
        FineTuneEpochs = line.Int("fine-tune-epochs") ?? defaults.FineTuneEpochs,
        FineTuneLearningRate = line.Double("fine-tune-learning-rate") ?? defaults.FineTuneLearningRate,
        FineTuneHeadLearningRate = line.Double("fine-tune-head-learning-rate") ?? defaults.FineTuneHeadLearningRate,
        FineTunePatience = line.Int("fine-tune-patience") ?? defaults.FineTunePatience,
        FineTuneBatchSize = line.Int("fine-tune-batch-size") ?? defaults.FineTuneBatchSize,
        FineTuneViews = line.Int("fine-tune-views") ?? defaults.FineTuneViews,
        FineTuneBudgetMinutes = line.Double("fine-tune-budget-minutes") ?? defaults.FineTuneBudgetMinutes,
    };

    /// <summary>1/on/true, 0/off/false, or auto (the default's null).</summary>
    private static bool? OnOffAuto(CommandLine line, string name, bool? fallback) => line.String(name)?.ToLowerInvariant() switch
    {
        null => fallback,
        "1" or "on" or "true" => true,
        "0" or "off" or "false" => false,
        "auto" => null,
        var other => throw new UsageException($"--{name}: '{other}' is not one of on, off, auto"),
    };
}
