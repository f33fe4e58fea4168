using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.FineTuning.Training;

namespace SkinCancer.Studio.FineTuning.Tests;

/// <summary>Cancel pressed while a run is fine-tuning, through the studio's pipeline: the run stops, and no model is left behind.</summary>
public sealed class FineTuningCancelTests
{
    [Fact]
    public async Task Cancelling_mid_epoch_throws_and_writes_no_model()
    {
        using var temp = new TempDirectory();
        var train = SideDiscs.WriteClassFolders(temp.Combine("train"), perClass: 12, size: 64);
        var model = temp.Combine("model");
        // Batches of 4: an epoch has several steps, so the cancel lands between two of them.
        var options = FineTuningFixture.BriskOptions with { FineTune = true, Augment = false, Epochs = 3, FineTuneBatchSize = 4 };
        using var backbone = new ResNet18Backbone(BackboneInputs.ShippedModel);
        var pipeline = new TrainingPipeline(backbone, new FeatureCache(temp.Combine("workspace")), new StudioLimits(), new StageFourFineTuning(BackboneInputs.ShippedModel));
        using var cancellation = new CancellationTokenSource();
        var steps = new List<FineTuningProgress>();
        void OnProgress(RunProgress p)
        {
            if (p is not FineTuningProgress { Step: FineTuningProgress.EpochStep } step) return;
            steps.Add(step);
            if (step.Done < step.Total) cancellation.Cancel();
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pipeline.TrainAsync(train, options, model, OnProgress, cancellation.Token));

        var last = Assert.Single(steps);
        Assert.InRange(last.Done, 1, last.Total - 1);
        Assert.False(Directory.Exists(model), "a cancelled run writes no model");
        Assert.DoesNotContain(Directory.GetFileSystemEntries(temp.Path), p => Path.GetFileName(p).StartsWith("model", StringComparison.Ordinal));
    }
}
