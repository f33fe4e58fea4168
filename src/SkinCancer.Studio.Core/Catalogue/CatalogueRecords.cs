using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.Catalogue;

public sealed record ProjectRecord(string Id, string Name, DateTimeOffset CreatedUtc, int ImageCount);

/// <summary>An image stored in a project. <see cref="StoredName"/> is the file under images/&lt;label&gt;/; the original name is kept for display.</summary>
public sealed record ImageRecord(long Id, string ProjectId, string Label, string StoredName, string OriginalName, string Hash, long Bytes, int Width, int Height);

public enum RunStatus
{
    Queued,
    Running,
    Completed,
    Cancelled,
    Failed,
    /// <summary>The process stopped while the run was queued or running (crash, kill, restart).</summary>
    Interrupted,
}

public sealed record RunRecord(
    string Id,
    string ProjectId,
    RunStatus Status,
    string? Message,
    TrainingOptions Options,
    IReadOnlyList<string> Labels,
    int ImageCount,
    DateTimeOffset CreatedUtc,
    DateTimeOffset? StartedUtc,
    DateTimeOffset? EndedUtc,
    double? BestValidationAccuracy,
    int? BestEpoch)
{
    public TimeSpan? Duration => StartedUtc is { } start ? (EndedUtc ?? DateTimeOffset.UtcNow) - start : null;

    public bool IsActive => Status is RunStatus.Queued or RunStatus.Running;
}

/// <summary>A run's evaluation on an uploaded test set; the full report is stored as JSON.</summary>
public sealed record EvaluationRecord(string Id, string RunId, string TestSetId, DateTimeOffset CreatedUtc, EvaluationReport Report);
