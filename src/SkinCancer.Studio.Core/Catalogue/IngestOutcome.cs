namespace SkinCancer.Studio.Core.Catalogue;

public enum IngestStatus
{
    Added,
    /// <summary>Same content already stored under the same label.</summary>
    Duplicate,
    /// <summary>Same content already stored under another label: the new copy is not used.</summary>
    Conflict,
    Skipped,
}

/// <summary>What happened to one uploaded file. <see cref="Reason"/> explains every outcome but Added.</summary>
public sealed record IngestOutcome(string Path, IngestStatus Status, string? Label, string? Reason);
