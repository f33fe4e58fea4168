using SkinCancer.Studio.Core.Catalogue;

namespace SkinCancer.Studio.Components.Data;

/// <summary>Totals of an upload's outcomes, and the skipped files grouped by reason (the biggest group first).</summary>
public sealed record UploadTally(int Added, int Duplicates, int Conflicts, int Skipped, IReadOnlyList<UploadTally.ReasonGroup> SkippedByReason)
{
    public sealed record ReasonGroup(string Reason, IReadOnlyList<string> Paths);

    public int Total => Added + Duplicates + Conflicts + Skipped;

    public static UploadTally From(IReadOnlyList<IngestOutcome> outcomes) => new(
        outcomes.Count(o => o.Status == IngestStatus.Added),
        outcomes.Count(o => o.Status == IngestStatus.Duplicate),
        outcomes.Count(o => o.Status == IngestStatus.Conflict),
        outcomes.Count(o => o.Status == IngestStatus.Skipped),
        outcomes.Where(o => o.Status == IngestStatus.Skipped)
            .GroupBy(o => o.Reason ?? "unknown reason")
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ReasonGroup(g.Key, g.Select(o => o.Path).ToArray()))
            .ToArray());
}
