using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Core.Training;
using SkinCancer.Studio.FineTuning.Network;
using SkinCancer.Studio.FineTuning.Training;
using Xunit.Abstractions;

namespace SkinCancer.Studio.FineTuning.Tests;

/// <summary>Fine-tuning stage 4 and the head on generated images, from the frozen head a run trains first.</summary>
public sealed class StageFineTunerTests(FineTuningFixture data, ITestOutputHelper output) : IClassFixture<FineTuningFixture>
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Fine_tuning_lowers_the_validation_loss_and_beats_its_frozen_start(bool bfloat16, bool weightAverage)
    {
        var progress = new List<RunProgress>();
        using var outcome = Run(data.Options with { FineTuneBFloat16 = bfloat16, FineTuneWeightAverage = weightAverage }, progress.Add, CancellationToken.None);
        foreach (var epoch in outcome.History) output.WriteLine($"{epoch.Epoch}: loss {epoch.TrainLoss:F3} val_loss {epoch.ValidationLoss:F3} val_accuracy {epoch.ValidationAccuracy:P0}");
        output.WriteLine(outcome.Reason);

        Assert.True(outcome.FrozenValidationAccuracy < 0.8, $"the frozen head should find this task hard (validation accuracy {outcome.FrozenValidationAccuracy:P0})");
        Assert.True(outcome.BestValidationLoss < outcome.FrozenValidationLoss - 0.05, outcome.Reason);
        Assert.True(outcome.BestValidationAccuracy > outcome.FrozenValidationAccuracy, outcome.Reason);
        Assert.True(outcome.Kept);
        Assert.Equal(bfloat16, outcome.BFloat16);
        if (!weightAverage) Assert.False(outcome.WeightAverage);
        // Mixed precision: whatever the steps computed in, the weights the run keeps and writes back are 32-bit floats.
        Assert.All(outcome.Network.parameters(), p => Assert.Equal(TorchSharp.torch.ScalarType.Float32, p.dtype));
        Assert.All(outcome.History, e => Assert.Equal("fine-tune", e.Phase));
        Assert.Equal(data.Frozen.History.Count + 1, outcome.History[0].Epoch);
        var steps = progress.OfType<FineTuningProgress>().Where(p => p.Epoch == outcome.History[0].Epoch).ToArray();
        Assert.True(steps.Length > 1, "several progress reports within an epoch");
        Assert.Equal(steps[^1].Total, steps[^1].Done);
    }

    [Fact]
    public void Cancelling_mid_epoch_stops_at_the_next_step()
    {
        using var cancellation = new CancellationTokenSource();
        var progress = new List<RunProgress>();
        void OnProgress(RunProgress p)
        {
            progress.Add(p);
            if (p is FineTuningProgress { Done: > 0 } step && step.Done < step.Total) cancellation.Cancel();
        }

        Assert.ThrowsAny<OperationCanceledException>(() => Run(data.Options, OnProgress, cancellation.Token));
        Assert.Single(progress.OfType<FineTuningProgress>());
        Assert.Empty(progress.OfType<EpochMetrics>());
    }

    private FineTuningOutcome Run(TrainingOptions options, Action<RunProgress> onProgress, CancellationToken cancellationToken) =>
        new StageFineTuner(options).Run(StageNetwork.Stage4(BackboneInputs.ShippedModel), data.Frozen.Head, data.Layout, data.Maps,
            data.Labels, data.Frozen.TrainIndices, data.Frozen.ValidationIndices, data.Frozen.History.Count + 1, onProgress, cancellationToken);
}
