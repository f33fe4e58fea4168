using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Web.Training;

/// <summary>
/// What the run list records for a completed run: a one-line summary and the best validation figures of the network the
/// model kept (the fine-tuned one when fine-tuning won, numbered after the head's epochs as its chart points are).
/// </summary>
public sealed record RunOutcome(string Summary, double? BestValidationAccuracy, int BestEpoch)
{
    public static RunOutcome Of(TrainingRun run)
    {
        var head = run.Training;
        var summary = $"{head.History.Count} epochs, best epoch {head.BestEpoch}" + (head.StopReason == StopReason.EarlyStopped ? " (early stopping)" : "");
        if (run.Model.Metadata.Augmentation is { When: AugmentationInfo.AfterFastModel } views)
        {
            summary += views.Kept ? "; eight augmented views after the fast model: kept their head" : "; eight augmented views after the fast model: kept the fast head";
        }
        var fineTuning = run.Model.Metadata.FineTuning;
        if (fineTuning is not { Ran: true }) return new(summary, head.Best?.ValidationAccuracy, head.BestEpoch);

        summary += $"; fine-tuned {string.Join("+", fineTuning.Stages)} for {fineTuning.EpochsRun} epochs: "
                   + (fineTuning.Kept ? "kept the fine-tuned network" : "kept the frozen model");
        return fineTuning.Kept
            ? new(summary, fineTuning.FineTunedValidationAccuracy, head.History.Count + fineTuning.BestEpoch)
            : new(summary, head.Best?.ValidationAccuracy, head.BestEpoch);
    }
}
