using SkinCancer.Studio.Core.Datasets;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Core.Training;
using SkinCancer.Studio.FineTuning.Training;

namespace SkinCancer.Studio.FineTuning.Tests;

/// <summary>Whether a run fine-tunes: off, on, or auto against the estimate for this machine and the budget.</summary>
public sealed class FineTuningDecisionTests
{
    private static readonly FeatureLayout Layout = FeatureLayout.Parse(new TrainingOptions().FeatureBlocks);

    [Fact]
    public void Off_and_over_budget_runs_do_not_fine_tune_and_say_why()
    {
        var phase = new StageFourFineTuning();
        var off = Decide(phase, new TrainingOptions { FineTune = false });
        var overBudget = Decide(phase, new TrainingOptions { FineTune = null, FineTuneBudgetMinutes = 0.001 });
        var unavailable = Decide(null, new TrainingOptions { FineTune = true });

        Assert.Equal(("off", false, "fine-tuning is off"), (off.Mode, off.Ran, off.Reason));
        Assert.Equal("auto", overBudget.Mode);
        Assert.False(overBudget.Ran);
        Assert.Contains("budget", overBudget.Reason);
        Assert.True(overBudget.EstimatedSeconds > 0);
        Assert.Contains("not available", unavailable.Reason);
        Assert.Equal(["featurize", "head"], off.PhaseSeconds.Keys);
    }

    [Fact]
    public void Auto_is_the_default_and_fine_tunes_only_sets_of_its_image_floor_within_the_budget()
    {
        var phase = new StageFourFineTuning();
        var defaults = new TrainingOptions();
        Assert.Null(defaults.FineTune);
        Assert.Equal(1000, defaults.FineTuneMinImages);

        // 10 images, well within the budget, are fewer than the floor: the frozen model stays, and the run says why.
        var small = Decide(phase, defaults);
        Assert.Equal(("auto", false), (small.Mode, small.Ran));
        Assert.Equal("10 images, fewer than the 1000 auto fine-tunes from (on fine-tunes any set)", small.Reason);
        Assert.True(small.EstimatedSeconds > 0);

        // The same rule answers before featurizing: the skin set's size fine-tunes, the small set does not, on does.
        Assert.Null(FineTuningStep.WhyNot(phase, defaults, 2636, hasValidation: true, TimeSpan.Zero, out _));
        Assert.NotNull(FineTuningStep.WhyNot(phase, defaults, 999, hasValidation: true, TimeSpan.Zero, out _));
        Assert.Null(FineTuningStep.WhyNot(phase, defaults with { FineTune = true }, 10, hasValidation: true, TimeSpan.Zero, out _));
        Assert.Contains("validation split", FineTuningStep.WhyNot(phase, defaults, 2636, hasValidation: false, TimeSpan.Zero, out _));
    }

    [Fact]
    public void The_estimate_grows_with_images_epochs_and_views()
    {
        var phase = new StageFourFineTuning();
        var defaults = new TrainingOptions();
        var skin = phase.Estimate(2636, defaults);

        Assert.True(phase.Estimate(5272, defaults) > skin);
        Assert.True(phase.Estimate(2636, defaults with { FineTuneEpochs = 16 }) > skin);
        Assert.True(phase.Estimate(2636, defaults with { FineTuneViews = 4 }) > skin);
        Assert.True(phase.Estimate(2636, defaults with { FineTuneCropScale = 0.35 }) > skin); // the crops' maps, every epoch
    }

    [Fact]
    public void Bfloat16_steps_shorten_the_estimate_and_validating_a_weight_average_too_lengthens_it()
    {
        var phase = new StageFourFineTuning();
        var defaults = new TrainingOptions();
        var float32 = phase.Estimate(2636, defaults with { FineTuneBFloat16 = false });
        Assert.True(phase.Estimate(2636, defaults with { FineTuneBFloat16 = true }) < float32 * 0.75);
        Assert.True(phase.Estimate(2636, defaults with { FineTuneBFloat16 = false, FineTuneWeightAverage = true }) > float32);
    }

    [Fact]
    public void With_auto_the_skin_set_fine_tunes_within_the_default_budget_and_a_set_twice_its_size_does_not()
    {
        var phase = new StageFourFineTuning();
        var defaults = new TrainingOptions { FineTune = null };
        // The budget is set for 2 cores, where the estimate was measured; more cores shorten the estimate.
        Assert.InRange(phase.Estimate(2636, defaults).TotalMinutes, 0.1, defaults.FineTuneBudgetMinutes);
        if (Environment.ProcessorCount <= 2) Assert.True(phase.Estimate(2 * 2636, defaults).TotalMinutes > defaults.FineTuneBudgetMinutes);
    }

    [Fact]
    public void The_augmented_views_after_the_fast_model_take_their_share_of_the_budget_first()
    {
        var phase = new StageFourFineTuning();
        var defaults = new TrainingOptions();
        var plan = AugmentationPlan.For(defaults, 2636);
        Assert.True(plan.AfterFastModel);
        Assert.Equal(plan.Estimate, plan.Reserved);

        // What is left of the budget decides: too little for the skin set's fine-tuning on 2 cores, enough with a larger budget.
        var left = AugmentationPlan.BudgetLeft(defaults, plan.Reserved);
        Assert.Equal(defaults.FineTuneBudgetMinutes - plan.Estimate.TotalMinutes, left, 9);
        var estimate = phase.Estimate(2636, defaults);
        var why = FineTuningStep.WhyNot(phase, defaults, 2636, hasValidation: true, plan.Reserved, out _);
        Assert.Equal(estimate.TotalMinutes > left, why is not null);
        if (Environment.ProcessorCount <= 2) Assert.Contains("budget left after the augmented views", why);
        var generous = defaults with { FineTuneBudgetMinutes = 60 };
        Assert.Null(FineTuningStep.WhyNot(phase, generous, 2636, hasValidation: true, AugmentationPlan.For(generous, 2636).Reserved, out _));
        // On ignores the budget; the views never take more than the whole budget.
        Assert.Null(FineTuningStep.WhyNot(phase, defaults with { FineTune = true }, 2636, hasValidation: true, plan.Reserved, out _));
        Assert.Equal(0, AugmentationPlan.BudgetLeft(defaults, TimeSpan.FromHours(1)));
    }

    private static Core.ModelPackages.FineTuningInfo Decide(IFineTuningPhase? phase, TrainingOptions options)
    {
        var samples = Enumerable.Range(0, 10).Select(i => new TrainingSample(i % 2, [new float[Layout.Length]])).ToArray();
        var frozen = new TrainingResult(new MlpHead(Layout.Length, 0, 2), [], 0, StopReason.Completed, [0, 1, 2, 3, 4, 5, 6, 7], [8, 9]);
        var report = new DatasetReport("", ["a", "b"], [], [], [], []);
        var prepared = new PreparedDataset(report, samples, new FeatureSet(new Dictionary<(string, int), float[]>(), new Dictionary<string, string>(), 0, 0, TimeSpan.Zero));
        return FineTuningStep.Run(phase, new FineTuningInput(prepared, frozen, options, Layout),
            new Dictionary<string, double> { ["featurize"] = 1, ["head"] = 2 }, TimeSpan.Zero, null, CancellationToken.None).Info;
    }
}
