namespace SkinCancer.Studio.Core.Catalogue;

public enum IngestStatus
{
    Added,
    /// <summary>Same content already stored under the same label.</summary>
    Duplicate,
    /// <summary>
    /// Same content under another label: ambiguous, so no copy is used. A copy stored earlier is removed from its class
    /// (the reason names it), and any later copy is refused too.
    /// </summary>
    Conflict,
    Skipped,
}

/// <summary>
/// What happened to one uploaded file. <see cref="Reason"/> explains every outcome but Added. <see cref="Hash"/> is the
/// content hash of an image that was read: it ties an Added file to a later conflict that removed it again.
/// </summary>
public sealed record IngestOutcome(string Path, IngestStatus Status, string? Label, string? Reason, string? Hash = null);
