using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.Pipeline;

/// <summary>
/// Decides whether a run fine-tunes (off, on, or auto against the time budget) and runs the phase when it does, after
/// <c>beforeRunning</c> (the pipeline saves the frozen model there, so a fine-tuning run has a usable model from the start).
/// </summary>
internal static class FineTuningStep
{
    public static FineTuningOutput Run(
        IFineTuningPhase? phase,
        FineTuningInput input,
        IReadOnlyDictionary<string, double> phasesBefore,
        TimeSpan reserved,
        Action<RunProgress>? onProgress,
        CancellationToken cancellationToken,
        Action<FineTuningInfo>? beforeRunning = null)
    {
        var options = input.Options;
        string mode = options.FineTune switch { true => "on", false => "off", null => "auto" };
        var phases = new Dictionary<string, double>(phasesBefore);
        FineTuningOutput Skipped(string reason, double estimate = 0) =>
            new(new FineTuningInfo { Mode = mode, Ran = false, Kept = false, Reason = reason, EstimatedSeconds = estimate, PhaseSeconds = phases });

        var reason = WhyNot(phase, options, input.Prepared.Samples.Count, input.Frozen.ValidationIndices.Length > 0, reserved, out var estimate);
        // Heads that each held out their own images leave no one held-out split to compare a fine-tuned network with; a
        // run that will fine-tune trains one head (AugmentationPlan.HeadsFor), so this is a guard.
        if (reason is null && input.Frozen.HeldOutBy is not null) reason = "the head is an ensemble validated out of fold, and fine-tuning needs one head validated on one held-out split";
        if (reason is not null)
        {
            if (estimate > TimeSpan.Zero) onProgress?.Invoke(new FineTuningPlan(mode, false, estimate, reason));
            return Skipped(reason, estimate.TotalSeconds);
        }
        onProgress?.Invoke(new FineTuningPlan(mode, true, estimate,
            $"fine-tuning stage 4, estimated {estimate.TotalMinutes:F1} min on this machine" + (options.FineTune is null ? $" (budget {AugmentationPlan.BudgetLeft(options, reserved):F1} min{AfterViews(reserved)})" : "")));
        beforeRunning?.Invoke(new FineTuningInfo
        {
            Mode = mode,
            Ran = false,
            Kept = false,
            Reason = "fine-tuning was still running when this frozen model was saved",
            EstimatedSeconds = estimate.TotalSeconds,
            PhaseSeconds = phases,
        });
        var output = phase!.Run(input, onProgress, cancellationToken);
        return output with
        {
            Info = output.Info with
            {
                Mode = mode,
                EstimatedSeconds = estimate.TotalSeconds,
                PhaseSeconds = new Dictionary<string, double>(phases.Concat(output.Info.PhaseSeconds)),
            },
        };
    }

    /// <summary>
    /// Why a run will not fine-tune (off; no phase in this front end; no validation split; auto over its time budget or
    /// with fewer images than it needs), or null when it will: the one rule, asked before featurizing (whether to keep
    /// stage-3 maps) and when the phase is due.
    /// </summary>
    /// <param name="reserved">What the budget already holds for the eight augmented views after the fast model (<see cref="AugmentationPlan.Reserved"/>).</param>
    /// <param name="estimate">The phase's estimate for this machine, when it was needed to decide; zero otherwise.</param>
    public static string? WhyNot(IFineTuningPhase? phase, TrainingOptions options, int imageCount, bool hasValidation, TimeSpan reserved, out TimeSpan estimate)
    {
        estimate = TimeSpan.Zero;
        if (options.FineTune == false) return "fine-tuning is off";
        if (phase is null) return "fine-tuning is not available in this front end";
        if (!hasValidation) return "fine-tuning needs a validation split (validation split is 0)";
        estimate = phase.Estimate(imageCount, options);
        if (options.FineTune is not null) return null;
        if (estimate.TotalMinutes > AugmentationPlan.BudgetLeft(options, reserved))
        {
            return $"estimated {estimate.TotalMinutes:F1} min on this machine, over the {AugmentationPlan.BudgetLeft(options, reserved):F1} min budget{AfterViews(reserved)}";
        }
        return imageCount < options.FineTuneMinImages
            ? $"{imageCount} images, fewer than the {options.FineTuneMinImages} auto fine-tunes from (on fine-tunes any set)"
            : null;
    }

    private static string AfterViews(TimeSpan reserved) => reserved > TimeSpan.Zero ? $" left after the augmented views' {reserved.TotalMinutes:F1} min" : "";
}
