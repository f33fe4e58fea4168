using MudBlazor;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Components.Training;

/// <summary>
/// Turns epoch metrics into the loss and accuracy line series (training and validation). Epochs are placed by their
/// number, so a missing one shows as a gap rather than shifting later points; validation is absent without a split.
/// Values are scaled by <see cref="Scale"/> because MudChart's y-axis ticks are whole numbers: accuracy reads as a
/// percentage and the loss axis labels divide the scale back out.
/// </summary>
public sealed record TrainingChartSeries(string[] Labels, List<ChartSeries<double>> Loss, List<ChartSeries<double>> Accuracy, int Points)
{
    public const double Scale = 100;

    public static TrainingChartSeries Build(IReadOnlyList<EpochMetrics> epochs)
    {
        if (epochs.Count == 0) return new([], [], [], 0);
        int last = epochs.Max(e => e.Epoch);
        var byEpoch = epochs.GroupBy(e => e.Epoch).ToDictionary(g => g.Key, g => g.Last());
        var numbers = Enumerable.Range(1, last).ToArray();
        double?[] Values(Func<EpochMetrics, double?> pick) =>
            numbers.Select(n => byEpoch.TryGetValue(n, out var e) ? pick(e) * Scale : null).ToArray();

        var loss = new List<ChartSeries<double>> { Series("train loss", Values(e => e.TrainLoss)) };
        var accuracy = new List<ChartSeries<double>> { Series("train accuracy", Values(e => e.TrainAccuracy)) };
        if (epochs.Any(e => e.ValidationLoss is not null)) loss.Add(Series("val loss", Values(e => e.ValidationLoss)));
        if (epochs.Any(e => e.ValidationAccuracy is not null)) accuracy.Add(Series("val accuracy", Values(e => e.ValidationAccuracy)));
        return new(numbers.Select(n => n.ToString()).ToArray(), loss, accuracy, byEpoch.Count);
    }

    private static ChartSeries<double> Series(string name, double?[] values) => new() { Name = name, Data = new ChartData<double>(values) };
}
