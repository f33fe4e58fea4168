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

    /// <summary>
    /// Training the head of a set of several thousand images on its eight views on 2 cores, in image-views per second per
    /// head: ten heads out of fold on the 2,636 skin images took 195 s in the default cold run (39 epochs), about 1,100; a
    /// little under. The heads have trained in parallel, one per core, since stop 23 (on an AVX2-only machine 378 s → 210–277 s),
    /// so this errs long; it stays as it is so that the same data and settings still plan the same model.
    /// </summary>
    internal const double HeadViewsPerSecond = 1000;

    /// <summary>
    /// The most heads the views' head may average (<see cref="HeadsFor"/>): all that were asked for, or one where the
    /// ensemble's training would take the views over the budget that one head fits in.
    /// </summary>
    public int MostHeads { get; init; } = int.MaxValue;

    /// <summary>Featurizing the seven views besides the image itself, and training the head(s) on all eight, on this machine.</summary>
    public static TimeSpan EstimateAfterFastModel(int imageCount, int heads = 1)
    {
        double speed = Math.Max(1, Environment.ProcessorCount) / 2.0;
        double featurize = imageCount * (ImageViews.Dihedral.Length - 1) / (ViewsPerSecond * speed);
        double train = imageCount * ImageViews.Dihedral.Length * Math.Max(1, heads) / (HeadViewsPerSecond * speed);
        return TimeSpan.FromSeconds(featurize * 1.05 + train);
    }

    public static AugmentationPlan For(TrainingOptions options, int imageCount)
    {
        var (augment, tta) = options.ResolveAugmentation(imageCount);
        if (augment) return new(true, false, tta, TimeSpan.Zero, options.Augment == true ? "on" : $"{imageCount} images, at most the {options.AutoAugmentMaxImages} auto augments from the start");
        if (options.Augment == false) return new(false, false, tta, TimeSpan.Zero, "off");
        if (options.TestTimeAugmentation is not null) return new(false, false, tta, TimeSpan.Zero, "test-time augmentation was set on its own");
        var estimate = EstimateAfterFastModel(imageCount, options.EnsembleSize);
        if (options.ValidationSplit <= 0) return new(false, false, false, estimate, "after the fast model it needs a validation split to compare the two heads");
        var single = EstimateAfterFastModel(imageCount, 1);
        if (estimate.TotalMinutes > options.FineTuneBudgetMinutes && single.TotalMinutes <= options.FineTuneBudgetMinutes)
        {
            return new(false, true, true, single, $"after the fast model: the other seven views and one head estimated {single.TotalMinutes:F1} min on this machine, within the {options.FineTuneBudgetMinutes:F1} min budget ({options.EnsembleSize} heads: {estimate.TotalMinutes:F1} min)")
            {
                MostHeads = 1,
            };
        }
        if (estimate.TotalMinutes > options.FineTuneBudgetMinutes)
        {
            return new(false, false, false, estimate, $"the other seven views would take {estimate.TotalMinutes:F1} min on this machine, over the {options.FineTuneBudgetMinutes:F1} min budget");
        }
        return new(false, true, true, estimate, $"after the fast model: the other seven views estimated {estimate.TotalMinutes:F1} min on this machine, within the {options.FineTuneBudgetMinutes:F1} min budget");
    }

    /// <summary>
    /// How many heads the run's head on the eight views averages (<see cref="TrainingOptions.EnsembleSize"/>): an
    /// out-of-fold ensemble wherever the eight views train, from the start or after the fast model; one head otherwise,
    /// and in a run that fine-tunes, which needs one head validated on one held-out split to compare the fine-tuned
    /// network with. A fast model is always one head (the pipeline asks for the views' head only). Ten heads out of fold
    /// gained on both kinds of set: flowers 85.5 % → 87.7 % (5 grouped folds, 8 fold seeds), skin 88.9 % → 89.7 % (5
    /// grouped folds, 4 fold seeds; docs/accuracy.md).
    /// </summary>
    public int HeadsFor(TrainingOptions options, bool fineTunes) =>
        (FromStart || AfterFastModel) && !fineTunes ? Math.Min(options.EnsembleSize, MostHeads) : 1;

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
