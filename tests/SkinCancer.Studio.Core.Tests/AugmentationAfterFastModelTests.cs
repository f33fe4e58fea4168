using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Imaging;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.Tests;

/// <summary>
/// Automatic augmentation above AutoAugmentMaxImages: the fast model on the images alone first, then the eight views,
/// whose head is kept only when it validates better; decided from settings and estimates before anything is featurized.
/// </summary>
public sealed class AugmentationAfterFastModelTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Auto_augments_small_sets_from_the_start_large_ones_after_the_fast_model_and_huge_ones_not_at_all()
    {
        var defaults = new TrainingOptions();
        var small = AugmentationPlan.For(defaults, 200);
        Assert.Equal((true, false, true), (small.FromStart, small.AfterFastModel, small.TestTimeAugmentation));
        Assert.Equal(TimeSpan.Zero, small.Reserved);

        // The skin set: the seven other views fit the budget on any machine (4.8 min on 2 cores, less on more).
        var skin = AugmentationPlan.For(defaults, 2636);
        Assert.Equal((false, true, true), (skin.FromStart, skin.AfterFastModel, skin.TestTimeAugmentation));
        Assert.InRange(skin.Estimate.TotalMinutes, 0.1, defaults.FineTuneBudgetMinutes);
        Assert.Equal(skin.Estimate, skin.Reserved);
        Assert.True(AugmentationPlan.For(defaults, 5272).Estimate > skin.Estimate);
        Assert.Contains("within the 8.5 min budget", skin.Reason);

        var huge = AugmentationPlan.For(defaults, 1_000_000);
        Assert.False(huge.FromStart || huge.AfterFastModel || huge.TestTimeAugmentation);
        Assert.Contains("over the 8.5 min budget", huge.Reason);
        Assert.Equal(TimeSpan.Zero, huge.Reserved);

        // Explicit settings are obeyed as they always were: on from the start, off never, test-time views alone as set.
        Assert.True(AugmentationPlan.For(defaults with { Augment = true }, 2636).FromStart);
        Assert.False(AugmentationPlan.For(defaults with { Augment = false }, 2636).AfterFastModel);
        var ttaOnly = AugmentationPlan.For(defaults with { TestTimeAugmentation = true }, 2636);
        Assert.Equal((false, false, true), (ttaOnly.FromStart, ttaOnly.AfterFastModel, ttaOnly.TestTimeAugmentation));
        Assert.False(AugmentationPlan.For(defaults with { ValidationSplit = 0 }, 2636).AfterFastModel);

        // An ensemble wherever the eight views train (a small set from the start, a large one after its fast model or
        // from the start when asked), one head where no views train, and where fine-tuning follows (it compares the
        // fine-tuned network with the head on one held-out split).
        int heads = defaults.EnsembleSize;
        Assert.Equal((heads, heads, 1), (small.HeadsFor(defaults, fineTunes: false), skin.HeadsFor(defaults, fineTunes: false), huge.HeadsFor(defaults, fineTunes: false)));
        var forced = defaults with { Augment = true };
        Assert.Equal(heads, AugmentationPlan.For(forced, 2636).HeadsFor(forced, fineTunes: false));
        Assert.Equal(1, AugmentationPlan.For(defaults with { Augment = false }, 2636).HeadsFor(defaults, fineTunes: false));
        Assert.Equal(1, skin.HeadsFor(defaults, fineTunes: true));
        // The estimate after the fast model counts the heads: where ten would take the views over the budget and one
        // fits, the views still train, with one head.
        Assert.True(AugmentationPlan.EstimateAfterFastModel(2636, heads) > AugmentationPlan.EstimateAfterFastModel(2636, 1));
        var tight = defaults with { FineTuneBudgetMinutes = (AugmentationPlan.EstimateAfterFastModel(2636, 1).TotalMinutes + AugmentationPlan.EstimateAfterFastModel(2636, heads).TotalMinutes) / 2 };
        var oneHead = AugmentationPlan.For(tight, 2636);
        Assert.True(oneHead.AfterFastModel);
        Assert.Equal(1, oneHead.HeadsFor(tight, fineTunes: false));
        Assert.Equal(AugmentationPlan.EstimateAfterFastModel(2636, 1), oneHead.Estimate);
        Assert.Contains("one head", oneHead.Reason);
        Assert.Equal(1, small.HeadsFor(defaults, fineTunes: true));
    }

    [Fact]
    public async Task A_small_set_trains_an_ensemble_on_the_eight_views_from_the_start_and_saves_it_as_one_wider_head()
    {
        var train = SyntheticImages.ShapesDataset(_temp.Combine("small"), perClass: 8);
        var options = new TrainingOptions { Epochs = 6, Patience = 6, HiddenUnits = 16, EnsembleSize = 3 };
        var pipeline = new TrainingPipeline(ResNet18Backbone.Shared, new FeatureCache(_temp.Combine("ws-small")), new StudioLimits());
        var run = await pipeline.TrainAsync(train, options, _temp.Combine("small-model"));

        var stored = ModelPackage.Load(run.ModelDirectory);
        Assert.Equal(AugmentationInfo.FromStart, stored.Metadata.Augmentation!.When);
        Assert.Equal((16 * 3, 3), (stored.Metadata.Head.HiddenUnits, stored.Metadata.Hyperparameters.EnsembleSize));
        Assert.Equal(ImageViews.Dihedral, stored.Metadata.TestTimeViews);
        // The saved head is the merged one that was validated.
        Assert.NotEmpty(run.Training.ValidationIndices);
        Assert.Equal(run.Training.Head.ParameterArrays().SelectMany(a => a), stored.Head.ParameterArrays().SelectMany(a => a));
    }

    [Fact]
    public async Task The_fast_model_is_saved_before_the_augmented_views_and_the_better_validating_head_is_kept()
    {
        var train = SyntheticImages.ShapesDataset(_temp.Combine("train"), perClass: 12);
        var options = new TrainingOptions { Epochs = 12, Patience = 12, HiddenUnits = 16, AutoAugmentMaxImages = 10, EnsembleSize = 3 };
        var events = new List<RunProgress>();
        var pipeline = new TrainingPipeline(ResNet18Backbone.Shared, new FeatureCache(_temp.Combine("ws")), new StudioLimits()) { SaveFrozenModelFirst = true };
        var savedFirst = new List<ModelPackage>();
        var run = await pipeline.TrainAsync(train, options, _temp.Combine("model"), p =>
        {
            events.Add(p);
            if (p is FrozenModelSaved saved) savedFirst.Add(ModelPackage.Load(saved.ModelDirectory));
        });

        // Order: the image alone featurized, the fast head, its model saved, then the other views and the head on all eight.
        int saved = events.FindIndex(e => e is FrozenModelSaved);
        Assert.True(saved > 0);
        Assert.Contains(events.Take(saved), e => e is EpochMetrics { Phase: "head" });
        Assert.DoesNotContain(events.Take(saved), e => e is EpochMetrics { Phase: TrainingPipeline.AugmentedPhase });
        Assert.Contains(events.Skip(saved), e => e is FeaturizationProgress);
        var augmentedEpochs = events.Skip(saved).OfType<EpochMetrics>().Where(e => e.Phase == TrainingPipeline.AugmentedPhase).ToArray();
        Assert.NotEmpty(augmentedEpochs);
        var fast = Assert.Single(savedFirst);
        Assert.Equal(ImageViews.IdentityOnly, fast.Metadata.TestTimeViews);
        Assert.Equal(AugmentationInfo.AfterFastModel, fast.Metadata.Augmentation!.When);
        Assert.False(fast.Metadata.Augmentation.Kept);
        // The fast model is one head (ready in seconds); the head on the eight views after it is an ensemble out of fold.
        Assert.Equal((16, 1), (fast.Metadata.Head.HiddenUnits, fast.Metadata.Hyperparameters.EnsembleSize));

        // One chart: the augmented head's epochs follow the fast head's, numbered on.
        var history = run.Training.History;
        Assert.Equal(Enumerable.Range(1, history.Count), history.Select(h => h.Epoch));
        Assert.Equal(augmentedEpochs.Select(e => e.Epoch), history.Where(h => h.Phase == TrainingPipeline.AugmentedPhase).Select(h => h.Epoch));

        // The kept head is the one that validated better, and the model predicts the way it was validated.
        var info = run.Model.Metadata.Augmentation!;
        Assert.Equal((AugmentationInfo.AfterFastModel, "auto"), (info.When, info.Mode));
        bool better = info.AugmentedValidationLoss < info.FastValidationLoss && info.AugmentedValidationAccuracy >= info.FastValidationAccuracy;
        Assert.Equal(better, info.Kept);
        Assert.Equal(info.Kept ? ImageViews.Dihedral : ImageViews.IdentityOnly, run.Model.Metadata.TestTimeViews);
        Assert.Equal(info.Kept, run.Model.Metadata.Hyperparameters.Augment);
        Assert.Equal(info.Kept ? (16 * 3, 3) : (16, 1), (run.Model.Metadata.Head.HiddenUnits, run.Model.Metadata.Hyperparameters.EnsembleSize));
        Assert.Equal(info.Kept, run.Model.Metadata.Validation.OutOfFold);
        Assert.Equal(info.Kept ? info.AugmentedValidationLoss : info.FastValidationLoss, run.Model.Metadata.Validation.Loss);
        Assert.Equal(TrainingPipeline.AugmentedPhase == history.Single(h => h.Epoch == run.Training.BestEpoch).Phase, info.Kept);
        Assert.True(info.Seconds > 0);
        Assert.Contains("augment", run.Model.Metadata.FineTuning!.PhaseSeconds.Keys);

        // Saved and loaded as it was trained.
        var stored = ModelPackage.Load(run.ModelDirectory);
        Assert.Equal(info, stored.Metadata.Augmentation);
        Assert.Equal(run.Model.Metadata.TestTimeViews, stored.Metadata.TestTimeViews);
    }
}
