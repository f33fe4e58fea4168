using SkinCancer.Studio.Core.Imaging;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.Pipeline;

/// <summary>
/// When a run trains on the eight flips/rotations of its images, decided once the image count is known and before
/// anything is featurized, from the settings and estimates alone (so a warm cache never changes the model):
/// from the start (Augment on, or auto for at most AutoAugmentMaxImages images, where the views cost little), after
/// the fast model (auto above that, when featurizing the other seven views is estimated to fit FineTuneBudgetMinutes,
/// the budget for everything after the fast model), or not at all. After the fast model, the run keeps the head trained
/// on the eight views only where it validates better.
/// Why the budget goes to the views before fine-tuning: on 3 grouped skin folds, frozen features gave 85.5 %, the
/// eight views 88.9 %, fine-tuning stage 4 87.3 %, and fine-tuning after the eight views 88.9 % (docs/accuracy.md).
/// </summary>
public sealed record AugmentationPlan(bool FromStart, bool AfterFastModel, bool TestTimeAugmentation, TimeSpan Estimate, string Reason)
{
    /// <summary>Featurizing several views of each decoded image on 2 cores: 78 views/s measured on the skin set; a little under.</summary>
    internal const double ViewsPerSecond = 70;

    /// <summary>The time after the fast model that fine-tuning's auto budget must leave for this plan.</summary>
    public TimeSpan Reserved => AfterFastModel ? Estimate : TimeSpan.Zero;

    /// <summary>The minutes of FineTuneBudgetMinutes left for fine-tuning once the augmented views have their share.</summary>
    public static double BudgetLeft(TrainingOptions options, TimeSpan reserved) => Math.Max(0, options.FineTuneBudgetMinutes - reserved.TotalMinutes);

    /// <summary>Featurizing the seven views besides the image itself, and the head's longer training on eight, on this machine.</summary>
    public static TimeSpan EstimateAfterFastModel(int imageCount)
    {
        double speed = Math.Max(1, Environment.ProcessorCount) / 2.0;
        double featurize = imageCount * (ImageViews.Dihedral.Length - 1) / (ViewsPerSecond * speed);
        return TimeSpan.FromSeconds(featurize * 1.1); // the head: about 25 s after 4 min of featurization on the skin set
    }

    public static AugmentationPlan For(TrainingOptions options, int imageCount)
    {
        var (augment, tta) = options.ResolveAugmentation(imageCount);
        if (augment) return new(true, false, tta, TimeSpan.Zero, options.Augment == true ? "on" : $"{imageCount} images, at most the {options.AutoAugmentMaxImages} auto augments from the start");
        if (options.Augment == false) return new(false, false, tta, TimeSpan.Zero, "off");
        if (options.TestTimeAugmentation is not null) return new(false, false, tta, TimeSpan.Zero, "test-time augmentation was set on its own");
        var estimate = EstimateAfterFastModel(imageCount);
        if (options.ValidationSplit <= 0) return new(false, false, false, estimate, "after the fast model it needs a validation split to compare the two heads");
        if (estimate.TotalMinutes > options.FineTuneBudgetMinutes)
        {
            return new(false, false, false, estimate, $"the other seven views would take {estimate.TotalMinutes:F1} min on this machine, over the {options.FineTuneBudgetMinutes:F1} min budget");
        }
        return new(false, true, true, estimate, $"after the fast model: the other seven views estimated {estimate.TotalMinutes:F1} min on this machine, within the {options.FineTuneBudgetMinutes:F1} min budget");
    }

    /// <summary>
    /// How many heads the run's head averages (<see cref="TrainingOptions.EnsembleSize"/>): an out-of-fold ensemble where
    /// the eight views train from the start on a set of at most AutoAugmentMaxImages images; one head otherwise. A larger
    /// set's fast model is ready in seconds; on its eight views (after the fast model, or from the start with Augment on)
    /// an ensemble gained nothing on the skin set and would take ten times as long (docs/accuracy.md); and a run that
    /// fine-tunes needs one head validated on one held-out split to compare the fine-tuned network with.
    /// </summary>
    public int HeadsFor(TrainingOptions options, int imageCount, bool fineTunes) =>
        FromStart && !fineTunes && imageCount <= options.AutoAugmentMaxImages ? options.EnsembleSize : 1;

    /// <summary>What the model's metadata says when the views were used from the start or not at all.</summary>
    public AugmentationInfo Describe(string mode) => new()
    {
        Mode = mode,
        When = FromStart ? AugmentationInfo.FromStart : AfterFastModel ? AugmentationInfo.AfterFastModel : AugmentationInfo.None,
        Kept = FromStart,
        Reason = Reason,
        EstimatedSeconds = Estimate.TotalSeconds,
    };
}
