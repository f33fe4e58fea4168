using SkinCancer.Studio.Core.Catalogue;

namespace SkinCancer.Studio.Components.Data;

/// <summary>
/// Totals of an upload's outcomes, the skipped files grouped by reason (the biggest group first), and the duplicates and
/// conflicts one by one: every file that was not used can be found by name with the reason.
/// </summary>
public sealed record UploadTally(
    int Added,
    int Duplicates,
    int Conflicts,
    int Skipped,
    IReadOnlyList<UploadTally.ReasonGroup> SkippedByReason,
    IReadOnlyList<IngestOutcome> DuplicateFiles,
    IReadOnlyList<IngestOutcome> ConflictFiles)
{
    public sealed record ReasonGroup(string Reason, IReadOnlyList<string> Paths);

    public int Total => Added + Duplicates + Conflicts + Skipped;

    public static UploadTally From(IReadOnlyList<IngestOutcome> outcomes)
    {
        var duplicates = outcomes.Where(o => o.Status == IngestStatus.Duplicate).ToArray();
        var conflicts = outcomes.Where(o => o.Status == IngestStatus.Conflict).ToArray();
        return new(
            outcomes.Count(o => o.Status == IngestStatus.Added),
            duplicates.Length,
            conflicts.Length,
            outcomes.Count(o => o.Status == IngestStatus.Skipped),
            outcomes.Where(o => o.Status == IngestStatus.Skipped)
                .GroupBy(o => o.Reason ?? "unknown reason")
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new ReasonGroup(g.Key, g.Select(o => o.Path).ToArray()))
                .ToArray(),
            duplicates,
            conflicts);
    }
}
