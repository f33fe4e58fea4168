using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Pipeline;

namespace SkinCancer.Studio.Cli;

/// <summary>
/// Featurization and fine-tuning progress on stderr: a redrawn bar on a terminal, a line per 10 % when stderr is a file or pipe,
/// so logs stay readable and stdout stays clean for --json.
/// </summary>
internal sealed class ProgressBar(TextWriter writer, bool interactive)
{
    private int _lastDecile = -1;
    private DateTime _lastDraw = DateTime.MinValue;
    private string _label = "";

    public void Report(FeaturizationProgress p) =>
        Report("featurizing", p.Done, p.Total, p.FromCache > 0 ? $" ({p.FromCache} cached)" : "", p.ImagesPerSecond, p.Remaining, p.Fraction);

    public void Report(FineTuningProgress p) =>
        Report(p.Step == FineTuningProgress.MapsStep ? "stage-3 maps" : $"fine-tuning epoch {p.Epoch}/{p.MaxEpochs}",
            p.Done, p.Total, "", p.ImagesPerSecond, p.Remaining, p.Fraction);

    private void Report(string label, int done, int total, string cached, double imagesPerSecond, TimeSpan? remaining, double fraction)
    {
        if (label != _label)
        {
            _label = label;
            _lastDecile = -1;
        }
        var rate = imagesPerSecond > 0 ? $"{imagesPerSecond,6:F1} images/s" : "";
        var eta = remaining is { } r ? $"ETA {r:mm\\:ss}" : "";
        if (interactive)
        {
            if (done < total && DateTime.UtcNow - _lastDraw < TimeSpan.FromMilliseconds(100)) return;
            _lastDraw = DateTime.UtcNow;
            const int width = 30;
            int filled = (int)(fraction * width);
            writer.Write($"\r{label} [{new string('#', filled)}{new string('.', width - filled)}] {done}/{total}{cached} {rate} {eta}   ");
            if (done >= total) writer.WriteLine();
        }
        else
        {
            int decile = (int)(fraction * 10);
            if (decile == _lastDecile) return;
            _lastDecile = decile;
            writer.WriteLine($"{label} {done}/{total}{cached} {fraction:P0} {rate} {eta}".TrimEnd());
        }
    }
}
