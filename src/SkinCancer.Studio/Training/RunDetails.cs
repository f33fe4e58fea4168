using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Core.Training;
using SkinCancer.Studio.Web.Serving;

namespace SkinCancer.Studio.Web.Training;

/// <summary>
/// One run as the Train tab shows it: its record (status, options, timings, best epoch), every epoch's metrics so far,
/// the live progress while it runs (featurization, the fine-tuning plan, the fine-tuning step), and, once completed, what its model says: the decision
/// threshold, the test-time views and how fine-tuning went (<see cref="FineTuningInfo"/>; null for a frozen run from before it).
/// </summary>
public sealed record RunDetails(
    RunRecord Run,
    IReadOnlyList<EpochMetrics> Epochs,
    FeaturizationProgress? Featurization,
    FineTuningPlan? FineTuningPlan,
    FineTuningProgress? FineTuningProgress,
    DecisionThreshold? Threshold,
    IReadOnlyList<int>? TestTimeViews,
    FineTuningInfo? FineTuning,
    string? ModelProblem)
{
    /// <summary>How the run used the eight augmented views (from after the fast model, which head it kept); null before it was recorded.</summary>
    public AugmentationInfo? Augmentation { get; init; }

    public static RunDetails Of(RunRecord run, StudioCatalogue catalogue, RunProgressNotifier notifier, RunModels models)
    {
        ModelPackage? model = null;
        string? problem = null;
        try
        {
            model = run.HasModel ? models.Find(run.ProjectId, run.Id) : null;
        }
        catch (ModelLoadException e)
        {
            problem = $"the model of this run cannot be loaded: {e.Message}";
        }
        var live = run.IsActive ? notifier.Latest(run.Id) : LiveProgress.Empty;
        return new RunDetails(run, catalogue.Runs.ListEpochs(run.Id), live.Featurization, live.Plan, live.FineTuning,
            model?.Metadata.Threshold, model?.Metadata.TestTimeViews, model?.Metadata.FineTuning, problem)
        {
            Augmentation = model?.Metadata.Augmentation,
        };
    }
}
