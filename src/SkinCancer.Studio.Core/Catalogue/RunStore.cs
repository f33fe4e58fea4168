using System.Text.Json;
using Dapper;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Storage;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>Training runs (status, options, labels, outcome) and their per-epoch metrics.</summary>
public sealed class RunStore(SqliteDatabase database)
{
    private const string Select = """
        SELECT id, project_id, status, message, options_json, labels_json, image_count, created_utc, started_utc, ended_utc,
               best_val_accuracy, best_epoch, model_revision
        FROM runs
        """;

    public RunRecord Create(string projectId, TrainingOptions options, IReadOnlyList<string> labels, int imageCount)
    {
        var run = new RunRecord(CatalogueIds.New(), projectId, RunStatus.Queued, null, options, labels, imageCount,
            DateTimeOffset.UtcNow, null, null, null, null);
        using var connection = database.Open();
        connection.Execute("""
            INSERT INTO runs (id, project_id, status, options_json, labels_json, image_count, created_utc)
            VALUES (@Id, @ProjectId, @status, @options, @labels, @ImageCount, @CreatedUtc)
            """,
            new
            {
                run.Id, run.ProjectId, status = run.Status.ToString(), run.ImageCount, run.CreatedUtc,
                options = JsonSerializer.Serialize(options, StudioJson.Compact), labels = JsonSerializer.Serialize(labels, StudioJson.Compact),
            });
        return run;
    }

    public void MarkStarted(string runId)
    {
        using var connection = database.Open();
        connection.Execute("UPDATE runs SET status = @status, started_utc = @now WHERE id = @runId",
            new { runId, status = RunStatus.Running.ToString(), now = DateTimeOffset.UtcNow });
    }

    /// <remarks>
    /// A completed run has saved its final model: its <see cref="RunRecord.ModelRevision"/> goes up with the status, in one
    /// statement. A run that ends without figures keeps those its frozen model recorded (<see cref="MarkModelSaved"/>).
    /// </remarks>
    public void MarkEnded(string runId, RunStatus status, string? message, double? bestValidationAccuracy = null, int? bestEpoch = null)
    {
        using var connection = database.Open();
        connection.Execute("""
            UPDATE runs SET status = @status, message = @message, ended_utc = @now,
                best_val_accuracy = COALESCE(@bestValidationAccuracy, best_val_accuracy), best_epoch = COALESCE(@bestEpoch, best_epoch),
                started_utc = COALESCE(started_utc, @now), model_revision = model_revision + @saved
            WHERE id = @runId
            """,
            new { runId, status = status.ToString(), message, now = DateTimeOffset.UtcNow, bestValidationAccuracy, bestEpoch, saved = status == RunStatus.Completed ? 1 : 0 });
    }

    /// <summary>The run saved a usable model while it goes on (the frozen model before fine-tuning), with its validation figures.</summary>
    public void MarkModelSaved(string runId, double? bestValidationAccuracy, int? bestEpoch)
    {
        using var connection = database.Open();
        connection.Execute("""
            UPDATE runs SET model_revision = model_revision + 1, best_val_accuracy = @bestValidationAccuracy, best_epoch = @bestEpoch
            WHERE id = @runId
            """,
            new { runId, bestValidationAccuracy, bestEpoch });
    }

    /// <summary>Runs still queued or running when the process starts were cut off by the previous process's end.</summary>
    public int MarkUnfinishedInterrupted()
    {
        using var connection = database.Open();
        return connection.Execute("""
            UPDATE runs SET status = 'Interrupted', ended_utc = @now, message = CASE WHEN model_revision > 0
                THEN 'the studio stopped while this run was fine-tuning: the frozen model saved before it is kept'
                ELSE 'the studio stopped while this run was in progress' END
            WHERE status IN ('Queued', 'Running')
            """, new { now = DateTimeOffset.UtcNow });
    }

    public void AddEpoch(string runId, EpochMetrics epoch)
    {
        using var connection = database.Open();
        connection.Execute("""
            INSERT OR REPLACE INTO epochs (run_id, epoch, train_loss, train_accuracy, val_loss, val_accuracy, learning_rate, elapsed_ms, phase)
            VALUES (@runId, @Epoch, @TrainLoss, @TrainAccuracy, @ValidationLoss, @ValidationAccuracy, @LearningRate, @elapsedMs, @Phase)
            """,
            new
            {
                runId, epoch.Epoch, epoch.TrainLoss, epoch.TrainAccuracy, epoch.ValidationLoss, epoch.ValidationAccuracy, epoch.LearningRate,
                elapsedMs = (long)epoch.Elapsed.TotalMilliseconds, epoch.Phase,
            });
    }

    public IReadOnlyList<EpochMetrics> ListEpochs(string runId)
    {
        using var connection = database.Open();
        return connection.Query<EpochRow>("""
            SELECT epoch, train_loss, train_accuracy, val_loss, val_accuracy, learning_rate, elapsed_ms, phase FROM epochs
            WHERE run_id = @runId ORDER BY epoch
            """, new { runId }).Select(r => r.ToRecord()).ToArray();
    }

    public IReadOnlyList<RunRecord> List(string projectId)
    {
        using var connection = database.Open();
        return connection.Query<RunRow>($"{Select} WHERE project_id = @projectId ORDER BY created_utc DESC", new { projectId }).Select(r => r.ToRecord()).ToArray();
    }

    public RunRecord? Get(string runId)
    {
        if (!CatalogueIds.IsValid(runId)) return null;
        using var connection = database.Open();
        return connection.QuerySingleOrDefault<RunRow>($"{Select} WHERE id = @runId", new { runId })?.ToRecord();
    }

    private sealed class RunRow
    {
        public string Id { get; set; } = "";
        public string ProjectId { get; set; } = "";
        public string Status { get; set; } = "";
        public string? Message { get; set; }
        public string OptionsJson { get; set; } = "{}";
        public string LabelsJson { get; set; } = "[]";
        public long ImageCount { get; set; }
        public DateTimeOffset CreatedUtc { get; set; }
        public DateTimeOffset? StartedUtc { get; set; }
        public DateTimeOffset? EndedUtc { get; set; }
        public double? BestValAccuracy { get; set; }
        public long? BestEpoch { get; set; }
        public long ModelRevision { get; set; }

        public RunRecord ToRecord() => new(Id, ProjectId, Enum.Parse<RunStatus>(Status), Message,
            JsonSerializer.Deserialize<TrainingOptions>(OptionsJson, StudioJson.Options) ?? new TrainingOptions(),
            JsonSerializer.Deserialize<string[]>(LabelsJson, StudioJson.Options) ?? [],
            (int)ImageCount, CreatedUtc, StartedUtc, EndedUtc, BestValAccuracy, (int?)BestEpoch)
        {
            ModelRevision = (int)ModelRevision,
        };
    }

    private sealed class EpochRow
    {
        public long Epoch { get; set; }
        public double TrainLoss { get; set; }
        public double TrainAccuracy { get; set; }
        public double? ValLoss { get; set; }
        public double? ValAccuracy { get; set; }
        public double LearningRate { get; set; }
        public long ElapsedMs { get; set; }
        public string Phase { get; set; } = "head";

        public EpochMetrics ToRecord() => new((int)Epoch, TrainLoss, TrainAccuracy, ValLoss, ValAccuracy, LearningRate, TimeSpan.FromMilliseconds(ElapsedMs))
        {
            Phase = Phase,
        };
    }
}
