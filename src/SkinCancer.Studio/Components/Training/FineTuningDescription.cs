using SkinCancer.Studio.Core.Training.Options;
using System.Globalization;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Web.Components.Training;

/// <summary>How a run's fine-tuning reads in the run list and on the run's page, from its model's metadata.json.</summary>
public static class FineTuningDescription
{
    /// <summary>One short verdict: off, not run (and why), or which network the run kept.</summary>
    public static string Verdict(RunRecord run, FineTuningInfo? info) => info switch
    {
        null when run.Status == RunStatus.Completed => "–",
        null => OnOffAuto.Name(run.Options.FineTune),
        { Mode: "off" } => "off",
        { Ran: false } => $"{info.Mode}: not run ({info.Reason})",
        { Kept: true } => $"{info.Mode}: kept fine-tuned {Stages(info)}",
        _ => $"{info.Mode}: kept frozen (fine-tuned {Stages(info)} did not validate better)",
    };

    public static string Stages(FineTuningInfo info) => info.Stages.Count == 0 ? "" : string.Join("+", info.Stages);

    /// <summary>How the steps ran and what was kept, e.g. " (bfloat16 steps, weight average kept)"; empty for runs from before.</summary>
    public static string Recipe(FineTuningInfo info)
    {
        var parts = new List<string>();
        if (info.TrainingPrecision is { } precision) parts.Add($"{precision} steps");
        if (info.WeightAverage) parts.Add("weight average kept");
        return parts.Count == 0 ? "" : $" ({string.Join(", ", parts)})";
    }

    /// <summary>Each phase's wall time in the order they ran, e.g. "featurize 3 s · head 2 s · stage-maps 5 s · fine-tune 40 s".</summary>
    public static string Phases(FineTuningInfo? info) => info is null || info.PhaseSeconds.Count == 0
        ? ""
        : string.Join(" · ", info.PhaseSeconds.Select(p => $"{p.Key} {Seconds(p.Value)}"));

    public static string Seconds(double seconds) => seconds < 10
        ? seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
        : seconds.ToString("0", CultureInfo.InvariantCulture) + " s";
}
