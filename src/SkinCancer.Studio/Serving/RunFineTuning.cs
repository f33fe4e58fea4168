using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Web.Serving;

/// <summary>A completed run's fine-tuning record from its model's metadata.json (loaded once by <see cref="RunModels"/>).</summary>
public static class RunFineTuning
{
    /// <summary>Null for a run without a model yet, or whose model cannot be loaded (its downloads say why).</summary>
    public static FineTuningInfo? Read(RunModels models, RunRecord run)
    {
        if (run.Status != RunStatus.Completed) return null;
        try
        {
            return models.Find(run.ProjectId, run.Id)?.Metadata.FineTuning;
        }
        catch (ModelLoadException)
        {
            return null;
        }
    }
}
