using SkinCancer.Studio.Core.Training.Options;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Web.Components.Training;

/// <summary>
/// What the advanced panel says before a run starts: the fine-tuning time estimated for this machine and this project's
/// image count (<see cref="IFineTuningPhase.Estimate"/>), and whether the run will fine-tune, decided as the pipeline
/// decides it (off; no validation split; auto over its budget or below its image count).
/// </summary>
public sealed record FineTuningForecast(string Mode, TimeSpan Estimate, bool WillRun, string Text)
{
    public static FineTuningForecast For(IFineTuningPhase phase, int imageCount, TrainingOptions options)
    {
        string mode = OnOffAuto.Name(options.FineTune);
        var estimate = phase.Estimate(imageCount, options);
        string time = $"about {Describe(estimate)} on this machine for {imageCount} images";
        FineTuningForecast Will(string text) => new(mode, estimate, true, text);
        FineTuningForecast WillNot(string text) => new(mode, estimate, false, text);

        if (options.FineTune == false) return WillNot($"off: the head trains on frozen features only (fine-tuning would take {time})");
        if (imageCount == 0) return WillNot("add images to see the estimate");
        if (options.ValidationSplit <= 0) return WillNot($"will not run: it needs a validation split ({time})");
        if (options.FineTune == true) return Will($"on: will fine-tune stage 4, {time}");
        // The eight augmented views after the fast model take their share of the budget first: they gain more (docs/accuracy.md).
        var views = AugmentationPlan.For(options, imageCount);
        double left = AugmentationPlan.BudgetLeft(options, views.Reserved);
        string budget = views.AfterFastModel
            ? $"the {left:0.#} min left of the {options.FineTuneBudgetMinutes:0.#} min budget after the eight augmented views (about {Describe(views.Estimate)}, which gain more)"
            : $"the {options.FineTuneBudgetMinutes:0.#} min budget";
        if (estimate.TotalMinutes > left) return WillNot($"auto: will not run, {time} is over {budget}");
        return imageCount < options.FineTuneMinImages
            ? WillNot($"auto: will not run for fewer than {options.FineTuneMinImages} images, where it did not help (it would take {time}; on fine-tunes anyway)")
            : Will($"auto: will fine-tune stage 4, {time}, within {budget}");
    }

    public static string Describe(TimeSpan time) => time.TotalSeconds < 90 ? $"{Math.Ceiling(time.TotalSeconds):0} s" : $"{time.TotalMinutes:0.#} min";
}
