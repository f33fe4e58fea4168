using SkinCancer.Studio.Core.Features;

namespace SkinCancer.Studio.Cli;

/// <summary>
/// Featurization progress on stderr: a redrawn bar on a terminal, a line per 10 % when stderr is a file or pipe,
/// so logs stay readable and stdout stays clean for --json.
/// </summary>
internal sealed class ProgressBar(TextWriter writer, bool interactive)
{
    private int _lastDecile = -1;
    private DateTime _lastDraw = DateTime.MinValue;

    public void Report(FeaturizationProgress p)
    {
        var rate = p.ImagesPerSecond > 0 ? $"{p.ImagesPerSecond,6:F1} images/s" : "";
        var eta = p.Remaining is { } r ? $"ETA {r:mm\\:ss}" : "";
        var cached = p.FromCache > 0 ? $" ({p.FromCache} cached)" : "";
        if (interactive)
        {
            if (p.Done < p.Total && DateTime.UtcNow - _lastDraw < TimeSpan.FromMilliseconds(100)) return;
            _lastDraw = DateTime.UtcNow;
            const int width = 30;
            int filled = (int)(p.Fraction * width);
            writer.Write($"\rfeaturizing [{new string('#', filled)}{new string('.', width - filled)}] {p.Done}/{p.Total}{cached} {rate} {eta}   ");
            if (p.Done >= p.Total) writer.WriteLine();
        }
        else
        {
            int decile = (int)(p.Fraction * 10);
            if (decile == _lastDecile) return;
            _lastDecile = decile;
            writer.WriteLine($"featurizing {p.Done}/{p.Total}{cached} {p.Fraction:P0} {rate} {eta}".TrimEnd());
        }
    }
}
