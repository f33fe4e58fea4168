namespace SkinCancer.Studio.Core.Datasets;

public static class DatasetReportExtensions
{
    /// <summary>Moves images that failed to decode into the skipped list.</summary>
    public static DatasetReport WithoutFailed(this DatasetReport report, IReadOnlyDictionary<string, string> failedPaths)
    {
        if (failedPaths.Count == 0) return report;
        var failedImages = report.Images.Where(i => failedPaths.ContainsKey(i.Path)).ToArray();
        return report with
        {
            Images = report.Images.Where(i => !failedPaths.ContainsKey(i.Path)).ToArray(),
            Skipped = report.Skipped
                .Concat(failedImages.Select(i => new SkippedFile(i.Path, failedPaths[i.Path])))
                .OrderBy(s => s.Path, StringComparer.Ordinal)
                .ToArray(),
        };
    }

    /// <summary>Training needs at least two classes, each with at least one usable image.</summary>
    public static void EnsureTrainable(this DatasetReport report)
    {
        if (report.Labels.Count < 2)
        {
            throw new DatasetException(report.Labels.Count == 0
                ? $"no class folders in {report.Root}: put each class's images in its own subfolder (e.g. train/benign, train/malignant)"
                : $"only one class folder ('{report.Labels[0]}') in {report.Root}: a classifier needs at least two");
        }
        var empty = report.Counts.Where(c => c.Count == 0).Select(c => c.Label).ToArray();
        if (empty.Length > 0)
        {
            throw new DatasetException($"class folder(s) with no usable image: {string.Join(", ", empty.Select(e => $"'{e}'"))}");
        }
    }
}
