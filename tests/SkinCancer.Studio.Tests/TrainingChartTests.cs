using SkinCancer.Studio.Web.Components.Training;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Tests;

public sealed class TrainingChartTests
{
    private static EpochMetrics Epoch(int n, double? valLoss = 0.5, double? valAccuracy = 0.8) =>
        new(n, 1.0 / n, 0.5 + n / 100.0, valLoss, valAccuracy, 1e-3, TimeSpan.FromSeconds(n));

    [Fact]
    public void Series_hold_train_and_validation_loss_and_accuracy_per_epoch()
    {
        var series = TrainingChartSeries.Build([Epoch(1), Epoch(2), Epoch(3)]);

        Assert.Equal(["1", "2", "3"], series.Labels);
        Assert.Equal(["train loss", "val loss"], series.Loss.Select(s => s.Name));
        Assert.Equal(["train accuracy", "val accuracy"], series.Accuracy.Select(s => s.Name));
        Assert.Equal(3, series.Points);
        Assert.Equal(100.0 / 3, series.Loss[0].Data.GetValue(2), 9);
    }

    [Fact]
    public void Epochs_arriving_out_of_order_or_twice_are_placed_by_number_and_a_missing_one_is_a_gap()
    {
        var series = TrainingChartSeries.Build([Epoch(3), Epoch(1), Epoch(1)]);

        Assert.Equal(["1", "2", "3"], series.Labels);
        Assert.Equal(2, series.Points);
        Assert.False(series.Loss[0].Data[1].HasValue);
        Assert.Equal(100.0, series.Loss[0].Data.GetValue(0));
    }

    [Fact]
    public void Without_a_validation_split_only_the_training_series_are_drawn()
    {
        var series = TrainingChartSeries.Build([Epoch(1, null, null), Epoch(2, null, null)]);

        Assert.Single(series.Loss);
        Assert.Single(series.Accuracy);
    }

    [Fact]
    public async Task Chart_exposes_how_many_epochs_it_draws()
    {
        await using var context = StudioTestContext.Create();

        var empty = context.Render<TrainingChart>();
        Assert.Equal("0", empty.Find("[data-testid=training-chart]").GetAttribute("data-points"));

        var chart = context.Render<TrainingChart>(p => p.Add(c => c.Epochs, [Epoch(1), Epoch(2)]));
        Assert.Equal("2", chart.Find("[data-testid=training-chart]").GetAttribute("data-points"));

        chart.Render(p => p.Add(c => c.Epochs, [Epoch(1), Epoch(2), Epoch(3), Epoch(4)]));
        Assert.Equal("4", chart.Find("[data-testid=training-chart]").GetAttribute("data-points"));
    }

    [Fact]
    public async Task Throttle_renders_the_first_request_at_once_and_collapses_a_burst_into_one_more_render()
    {
        int renders = 0;
        using var throttle = new RenderThrottle(TimeSpan.FromMilliseconds(200), () => { Interlocked.Increment(ref renders); return Task.CompletedTask; });

        for (int i = 0; i < 50; i++) throttle.Request();
        Assert.Equal(1, renders);

        // One delayed render follows; polled because a busy test machine may run the timer late.
        for (int i = 0; i < 100 && Volatile.Read(ref renders) < 2; i++) await Task.Delay(50);
        await Task.Delay(300);
        Assert.Equal(2, renders);
    }
}
