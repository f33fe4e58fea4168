using SkinCancer.Studio.Core.Catalogue;

namespace SkinCancer.Studio.Web.Components.Data;

/// <summary>
/// Totals of an upload's outcomes, the skipped files grouped by reason (the biggest group first), and the duplicates and
/// conflicts one by one: every file that was not used can be found by name with the reason, including a file first added
/// and then removed by a later conflict.
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
        outcomes = Settle(outcomes);
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

    /// <summary>
    /// The outcomes as they stand once the upload is over. A file added and later removed again, because a copy of it came
    /// under another label, counts as a conflict with the reason, so "added" matches what the classes hold and both copies
    /// are listed, as the CLI lists a conflict. Order does not matter: content with a conflict is never stored again.
    /// </summary>
    public static IReadOnlyList<IngestOutcome> Settle(IReadOnlyList<IngestOutcome> outcomes)
    {
        var conflicts = outcomes.Where(o => o.Status == IngestStatus.Conflict && o.Hash is not null).ToLookup(o => o.Hash!);
        if (conflicts.Count == 0) return outcomes;
        return outcomes.Select(o =>
        {
            if (o.Status != IngestStatus.Added || o.Hash is null || !conflicts.Contains(o.Hash)) return o;
            var other = conflicts[o.Hash].FirstOrDefault(c => c.Label != o.Label) ?? conflicts[o.Hash].First();
            return o with
            {
                Status = IngestStatus.Conflict,
                Reason = $"the same image is also in '{other.Path}': ambiguous, so neither copy is used (removed from '{o.Label}')",
            };
        }).ToArray();
    }
}
