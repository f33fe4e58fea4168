using SkinCancer.Studio.Core.Catalogue;

namespace SkinCancer.Studio.Web.Components.Training;

/// <summary>
/// How a run with a model is named where a model is picked (Try, Evaluate): its start, its validation accuracy, and, for a
/// run whose model is the frozen one it saved before fine-tuning, that it is (still fine-tuning, or stopped there).
/// </summary>
public static class RunModelTitle
{
    public static string Of(RunRecord run) =>
        $"{run.CreatedUtc.ToLocalTime():yyyy-MM-dd HH:mm:ss} · val {(run.BestValidationAccuracy is { } a ? a.ToString("P1") : "–")}" + Note(run);

    private static string Note(RunRecord run) => run.Status switch
    {
        RunStatus.Completed => "",
        RunStatus.Queued or RunStatus.Running => " · frozen model (training goes on)",
        _ => $" · frozen model (training {run.Status.ToString().ToLowerInvariant()})",
    };
}
