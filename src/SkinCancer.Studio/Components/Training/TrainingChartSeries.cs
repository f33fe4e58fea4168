using MudBlazor;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Web.Components.Training;

/// <summary>
/// Turns epoch metrics into the loss and accuracy line series (training and validation). Epochs are placed by their
/// number, so a missing one shows as a gap rather than shifting later points; validation is absent without a split.
/// Values are scaled by <see cref="Scale"/> because MudChart's y-axis ticks are whole numbers: accuracy reads as a
/// percentage and the loss axis labels divide the scale back out. Fine-tuning epochs (numbered after the head's) get
/// series of their own, so the chart shows where fine-tuning begins (<see cref="FineTuneStart"/>).
/// </summary>
public sealed record TrainingChartSeries(string[] Labels, List<ChartSeries<double>> Loss, List<ChartSeries<double>> Accuracy, int Points)
{
    public const string FineTunePhase = "fine-tune";

    /// <summary>The first fine-tuning epoch, or null when none has ended.</summary>
    public int? FineTuneStart { get; init; }

    public const double Scale = 100;

    public static TrainingChartSeries Build(IReadOnlyList<EpochMetrics> epochs)
    {
        if (epochs.Count == 0) return new([], [], [], 0);
        int last = epochs.Max(e => e.Epoch);
        var byEpoch = epochs.GroupBy(e => e.Epoch).ToDictionary(g => g.Key, g => g.Last());
        var numbers = Enumerable.Range(1, last).ToArray();
        int? fineTuneStart = epochs.Where(e => e.Phase == FineTunePhase).Select(e => (int?)e.Epoch).Min();
        var loss = new List<ChartSeries<double>>();
        var accuracy = new List<ChartSeries<double>>();
        foreach (var (fineTune, suffix) in new[] { (false, ""), (true, " (fine-tune)") })
        {
            if (fineTune && fineTuneStart is null) continue;
            double?[] Values(Func<EpochMetrics, double?> pick) =>
                numbers.Select(n => byEpoch.TryGetValue(n, out var e) && (e.Phase == FineTunePhase) == fineTune ? pick(e) * Scale : null).ToArray();
            loss.Add(Series("train loss" + suffix, Values(e => e.TrainLoss)));
            accuracy.Add(Series("train accuracy" + suffix, Values(e => e.TrainAccuracy)));
            if (epochs.Any(e => e.ValidationLoss is not null)) loss.Add(Series("val loss" + suffix, Values(e => e.ValidationLoss)));
            if (epochs.Any(e => e.ValidationAccuracy is not null)) accuracy.Add(Series("val accuracy" + suffix, Values(e => e.ValidationAccuracy)));
        }
        var labels = numbers.Select(n => fineTuneStart is { } start && n >= start ? $"{n} ft" : n.ToString()).ToArray();
        return new(labels, loss, accuracy, byEpoch.Count) { FineTuneStart = fineTuneStart };
    }

    private static ChartSeries<double> Series(string name, double?[] values) => new() { Name = name, Data = new ChartData<double>(values) };
}
