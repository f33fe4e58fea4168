using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.Catalogue;

public sealed record ProjectRecord(string Id, string Name, DateTimeOffset CreatedUtc, int ImageCount);

/// <summary>An image stored in a project. <see cref="StoredName"/> is the file under images/&lt;label&gt;/; the original name is kept for display.</summary>
public sealed record ImageRecord(long Id, string ProjectId, string Label, string StoredName, string OriginalName, string Hash, long Bytes, int Width, int Height);

public enum ImageAdditionKind
{
    Added,
    /// <summary>The same content is already stored under the same label.</summary>
    Duplicate,
    /// <summary>The content came under more than one label: ambiguous, so no copy of it is stored.</summary>
    Conflict,
}

/// <summary>
/// What <see cref="ImageStore.Add"/> did. Added: <see cref="Image"/> is the new row. Duplicate: it is the copy
/// already stored. Conflict: it is the stored copy this addition removed from its class (the caller deletes its file), or
/// null when the content was already known as a conflict; <see cref="ConflictLabels"/> are the labels it came under before.
/// </summary>
public sealed record ImageAddition(ImageAdditionKind Kind, ImageRecord? Image, IReadOnlyList<string> ConflictLabels);

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

    /// <summary>
    /// How many times the run's model has been saved: 0 while it has none; a run that fine-tunes saves its frozen model
    /// first (1) and the model it keeps at the end (2). Caches of a loaded model or a zipped download are keyed by it.
    /// </summary>
    public int ModelRevision { get; init; }

    /// <summary>
    /// Whether the run's model folder holds a usable model: every completed run, and a run that fine-tunes from the moment
    /// its frozen model is saved, while fine-tuning goes on and after it is cancelled or interrupted.
    /// </summary>
    public bool HasModel => ModelRevision > 0;
}

/// <summary>A run's evaluation on an uploaded test set; the full report is stored as JSON.</summary>
public sealed record EvaluationRecord(string Id, string RunId, string TestSetId, DateTimeOffset CreatedUtc, EvaluationReport Report)
{
    /// <summary>The version of the run's model it scored (<see cref="RunRecord.ModelRevision"/>): lower than the run's when it scored the frozen model of a run that has since kept another.</summary>
    public int ModelRevision { get; init; } = 1;
}

/// <summary>
/// An image of an uploaded test set, read, checked and hashed once when it came in. <see cref="StoredPath"/> is the file
/// under testsets/&lt;id&gt;/ ('/'-separated, label first); <see cref="OriginalName"/> is the path it was uploaded as.
/// </summary>
public sealed record TestImageRecord(long Id, string TestSetId, string Label, string OriginalName, string StoredPath, string Hash, long Bytes, int Width, int Height);

/// <summary>
/// What <see cref="TestSetStore.Add"/> did, as <see cref="ImageAddition"/> for a project's images. Added:
/// <see cref="Image"/> is the new row. Duplicate (same content, same label): it is the copy the test set holds. Conflict
/// (same content, another label): it is the copy this addition removed (the caller deletes its file), or null when the
/// content was already known as a conflict; <see cref="ConflictLabels"/> are the labels it came under before.
/// </summary>
public sealed record TestImageAddition(ImageAdditionKind Kind, TestImageRecord? Image, IReadOnlyList<string> ConflictLabels);
