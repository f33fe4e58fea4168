using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Web.Serving;

/// <summary>A completed run's fine-tuning and augmentation records from its model's metadata.json (loaded once by <see cref="RunModels"/>).</summary>
public static class RunFineTuning
{
    /// <summary>Null for a run without a model yet, or whose model cannot be loaded (its downloads say why).</summary>
    public static FineTuningInfo? Read(RunModels models, RunRecord run) => Metadata(models, run)?.FineTuning;

    /// <summary>How the run used the eight augmented views; null as for <see cref="Read"/>, and for models from before it was recorded.</summary>
    public static AugmentationInfo? ReadAugmentation(RunModels models, RunRecord run) => Metadata(models, run)?.Augmentation;

    /// <summary>How many heads the model averages (1 for a single head); null as for <see cref="Read"/>.</summary>
    public static (int Members, int HiddenUnits, bool OutOfFold)? ReadEnsemble(RunModels models, RunRecord run) =>
        Metadata(models, run) is { } metadata ? (metadata.Hyperparameters.EnsembleSize, metadata.Hyperparameters.HiddenUnits, metadata.Validation.OutOfFold) : null;

    private static ModelMetadata? Metadata(RunModels models, RunRecord run)
    {
        if (run.Status != RunStatus.Completed) return null;
        try
        {
            return models.Find(run.ProjectId, run.Id)?.Metadata;
        }
        catch (ModelLoadException)
        {
            return null;
        }
    }
}
