using System.Text.Json;
using Microsoft.Data.Sqlite;
using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Models;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>
/// The workspace's catalogue.db: projects, their images, training runs with per-epoch metrics, and evaluations.
/// Every write is one SQLite transaction, so a crash leaves either the old or the new state.
/// </summary>
public sealed class StudioCatalogue
{
    private readonly string _connectionString;

    public StudioCatalogue(string workspace)
    {
        Directory.CreateDirectory(workspace);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(workspace, "catalogue.db"),
            Pooling = true,
            ForeignKeys = true,
        }.ToString();
        using var connection = Open();
        Execute(connection, CatalogueSchema.Create);
    }

    public ProjectRecord CreateProject(string name)
    {
        var project = new ProjectRecord(CatalogueIds.New(), CleanName(name), DateTimeOffset.UtcNow, 0);
        using var connection = Open();
        Execute(connection, "INSERT INTO projects (id, name, created_utc) VALUES ($id, $name, $created)",
            ("$id", project.Id), ("$name", project.Name), ("$created", project.CreatedUtc.ToString("O")));
        return project;
    }

    public void RenameProject(string projectId, string name)
    {
        using var connection = Open();
        Execute(connection, "UPDATE projects SET name = $name WHERE id = $id", ("$id", projectId), ("$name", CleanName(name)));
    }

    /// <summary>Removes the project's rows (images, runs, epochs and evaluations cascade). The caller deletes its folder.</summary>
    public void DeleteProject(string projectId)
    {
        using var connection = Open();
        Execute(connection, "DELETE FROM projects WHERE id = $id", ("$id", projectId));
    }

    public IReadOnlyList<ProjectRecord> ListProjects() => QueryProjects("ORDER BY p.created_utc DESC");

    public ProjectRecord? GetProject(string projectId) =>
        CatalogueIds.IsValid(projectId) ? QueryProjects("WHERE p.id = $id", ("$id", projectId)).FirstOrDefault() : null;

    /// <summary>
    /// Adds an image unless the project already knows its content. The same content under the same label is a duplicate.
    /// Under another label it is a conflict, as in the folder importer: neither copy may be used, so the stored copy's row
    /// is removed and the labels are remembered in one transaction, and the caller deletes that copy's file afterwards
    /// (a crash in between leaves an unlisted file, never a row without a file). The conflict is remembered rather than
    /// only reported because with the stored copy gone a third copy would otherwise be added as if it were new. Check,
    /// removal and remembering share one transaction, so no concurrent upload slips in between and no crash removes the
    /// copy without remembering why.
    /// </summary>
    public ImageAddition AddImage(ImageRecord image)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        var knownConflict = ConflictLabels(connection, image.ProjectId, image.Hash);
        if (knownConflict.Count > 0)
        {
            RememberConflict(connection, image.ProjectId, image.Hash, image.Label);
            transaction.Commit();
            return new ImageAddition(ImageAdditionKind.Conflict, null, knownConflict);
        }
        var existing = QueryImages(connection, "WHERE project_id = $p AND hash = $h", ("$p", image.ProjectId), ("$h", image.Hash)).FirstOrDefault();
        if (existing is not null && existing.Label == image.Label) return new ImageAddition(ImageAdditionKind.Duplicate, existing, []);
        if (existing is not null)
        {
            RemoveAsConflict(connection, existing, image.Label);
            transaction.Commit();
            return new ImageAddition(ImageAdditionKind.Conflict, existing, [existing.Label]);
        }
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO images (project_id, label, stored_name, original_name, hash, bytes, width, height)
            VALUES ($p, $label, $stored, $original, $hash, $bytes, $width, $height) RETURNING id
            """;
        Bind(command, ("$p", image.ProjectId), ("$label", image.Label), ("$stored", image.StoredName), ("$original", image.OriginalName),
            ("$hash", image.Hash), ("$bytes", image.Bytes), ("$width", image.Width), ("$height", image.Height));
        var id = (long)command.ExecuteScalar()!;
        transaction.Commit();
        return new ImageAddition(ImageAdditionKind.Added, image with { Id = id }, []);
    }

    public IReadOnlyList<ImageRecord> ListImages(string projectId)
    {
        using var connection = Open();
        return QueryImages(connection, "WHERE project_id = $p ORDER BY label, id", ("$p", projectId));
    }

    public ImageRecord? GetImage(string projectId, long imageId)
    {
        using var connection = Open();
        return QueryImages(connection, "WHERE project_id = $p AND id = $id", ("$p", projectId), ("$id", imageId)).FirstOrDefault();
    }

    /// <summary>Removes one image's row; the caller deletes its file. False when the project has no such image.</summary>
    public bool DeleteImage(string projectId, long imageId)
    {
        using var connection = Open();
        return Execute(connection, "DELETE FROM images WHERE project_id = $p AND id = $id", ("$p", projectId), ("$id", imageId)) > 0;
    }

    public int CountImages(string projectId)
    {
        using var connection = Open();
        return Convert.ToInt32(Scalar(connection, "SELECT COUNT(*) FROM images WHERE project_id = $p", ("$p", projectId)));
    }

    /// <summary>Renames a label on its images and in the remembered conflicts, so a conflict's reason names the classes as they are now.</summary>
    public void RenameLabel(string projectId, string from, string to)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        Execute(connection, """
            UPDATE images SET label = $to WHERE project_id = $p AND label = $from;
            INSERT OR IGNORE INTO conflicting_images (project_id, hash, label)
                SELECT project_id, hash, $to FROM conflicting_images WHERE project_id = $p AND label = $from;
            DELETE FROM conflicting_images WHERE project_id = $p AND label = $from;
            """, ("$p", projectId), ("$from", from), ("$to", to));
        transaction.Commit();
    }

    public void DeleteLabel(string projectId, string label)
    {
        using var connection = Open();
        Execute(connection, "DELETE FROM images WHERE project_id = $p AND label = $label", ("$p", projectId), ("$label", label));
    }

    public RunRecord CreateRun(string projectId, TrainingOptions options, IReadOnlyList<string> labels, int imageCount)
    {
        var run = new RunRecord(CatalogueIds.New(), projectId, RunStatus.Queued, null, options, labels, imageCount,
            DateTimeOffset.UtcNow, null, null, null, null);
        using var connection = Open();
        Execute(connection, """
            INSERT INTO runs (id, project_id, status, options_json, labels_json, image_count, created_utc)
            VALUES ($id, $p, $status, $options, $labels, $count, $created)
            """,
            ("$id", run.Id), ("$p", projectId), ("$status", run.Status.ToString()),
            ("$options", JsonSerializer.Serialize(options, StudioJson.Compact)), ("$labels", JsonSerializer.Serialize(labels, StudioJson.Compact)),
            ("$count", imageCount), ("$created", run.CreatedUtc.ToString("O")));
        return run;
    }

    public void MarkRunStarted(string runId)
    {
        using var connection = Open();
        Execute(connection, "UPDATE runs SET status = $s, started_utc = $t WHERE id = $id",
            ("$id", runId), ("$s", RunStatus.Running.ToString()), ("$t", DateTimeOffset.UtcNow.ToString("O")));
    }

    public void MarkRunEnded(string runId, RunStatus status, string? message, double? bestValidationAccuracy = null, int? bestEpoch = null)
    {
        using var connection = Open();
        Execute(connection, """
            UPDATE runs SET status = $s, message = $m, ended_utc = $t, best_val_accuracy = $acc, best_epoch = $epoch,
                started_utc = COALESCE(started_utc, $t)
            WHERE id = $id
            """,
            ("$id", runId), ("$s", status.ToString()), ("$m", message), ("$t", DateTimeOffset.UtcNow.ToString("O")),
            ("$acc", bestValidationAccuracy), ("$epoch", bestEpoch));
    }

    /// <summary>Runs still queued or running when the process starts were cut off by the previous process's end.</summary>
    public int MarkUnfinishedRunsInterrupted()
    {
        using var connection = Open();
        return Execute(connection, """
            UPDATE runs SET status = 'Interrupted', message = 'the studio stopped while this run was in progress', ended_utc = $t
            WHERE status IN ('Queued', 'Running')
            """, ("$t", DateTimeOffset.UtcNow.ToString("O")));
    }

    public void AddEpoch(string runId, EpochMetrics epoch)
    {
        using var connection = Open();
        Execute(connection, """
            INSERT OR REPLACE INTO epochs (run_id, epoch, train_loss, train_accuracy, val_loss, val_accuracy, learning_rate, elapsed_ms)
            VALUES ($r, $e, $tl, $ta, $vl, $va, $lr, $ms)
            """,
            ("$r", runId), ("$e", epoch.Epoch), ("$tl", epoch.TrainLoss), ("$ta", epoch.TrainAccuracy), ("$vl", epoch.ValidationLoss),
            ("$va", epoch.ValidationAccuracy), ("$lr", epoch.LearningRate), ("$ms", (long)epoch.Elapsed.TotalMilliseconds));
    }

    public IReadOnlyList<EpochMetrics> ListEpochs(string runId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT epoch, train_loss, train_accuracy, val_loss, val_accuracy, learning_rate, elapsed_ms FROM epochs
            WHERE run_id = $r ORDER BY epoch
            """;
        Bind(command, ("$r", runId));
        using var reader = command.ExecuteReader();
        var epochs = new List<EpochMetrics>();
        while (reader.Read())
        {
            epochs.Add(new EpochMetrics(reader.GetInt32(0), reader.GetDouble(1), reader.GetDouble(2),
                reader.IsDBNull(3) ? null : reader.GetDouble(3), reader.IsDBNull(4) ? null : reader.GetDouble(4),
                reader.GetDouble(5), TimeSpan.FromMilliseconds(reader.GetInt64(6))));
        }
        return epochs;
    }

    public IReadOnlyList<RunRecord> ListRuns(string projectId) => QueryRuns("WHERE project_id = $p ORDER BY created_utc DESC", ("$p", projectId));

    public RunRecord? GetRun(string runId) =>
        CatalogueIds.IsValid(runId) ? QueryRuns("WHERE id = $id", ("$id", runId)).FirstOrDefault() : null;

    public EvaluationRecord AddEvaluation(string runId, string testSetId, EvaluationReport report)
    {
        var evaluation = new EvaluationRecord(CatalogueIds.New(), runId, testSetId, DateTimeOffset.UtcNow, report);
        using var connection = Open();
        Execute(connection, "INSERT INTO evaluations (id, run_id, test_set_id, created_utc, report_json) VALUES ($id, $r, $t, $c, $json)",
            ("$id", evaluation.Id), ("$r", runId), ("$t", testSetId), ("$c", evaluation.CreatedUtc.ToString("O")),
            ("$json", JsonSerializer.Serialize(report, StudioJson.Compact)));
        return evaluation;
    }

    public IReadOnlyList<EvaluationRecord> ListEvaluations(string runId) => QueryEvaluations("WHERE run_id = $r ORDER BY created_utc DESC", ("$r", runId));

    public EvaluationRecord? GetEvaluation(string evaluationId) =>
        CatalogueIds.IsValid(evaluationId) ? QueryEvaluations("WHERE id = $id", ("$id", evaluationId)).FirstOrDefault() : null;

    private static string CleanName(string name)
    {
        var trimmed = name.Trim();
        if (trimmed.Length == 0) throw new ArgumentException("a project needs a name");
        return trimmed.Length > 200 ? trimmed[..200] : trimmed;
    }

    private IReadOnlyList<ProjectRecord> QueryProjects(string tail, params (string, object?)[] parameters)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT p.id, p.name, p.created_utc, (SELECT COUNT(*) FROM images i WHERE i.project_id = p.id) FROM projects p {tail}
            """;
        Bind(command, parameters);
        using var reader = command.ExecuteReader();
        var projects = new List<ProjectRecord>();
        while (reader.Read())
        {
            projects.Add(new ProjectRecord(reader.GetString(0), reader.GetString(1), DateTimeOffset.Parse(reader.GetString(2)), reader.GetInt32(3)));
        }
        return projects;
    }

    private static List<string> ConflictLabels(SqliteConnection connection, string projectId, string hash)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT label FROM conflicting_images WHERE project_id = $p AND hash = $h ORDER BY label";
        Bind(command, ("$p", projectId), ("$h", hash));
        using var reader = command.ExecuteReader();
        var labels = new List<string>();
        while (reader.Read()) labels.Add(reader.GetString(0));
        return labels;
    }

    /// <summary>Removes one stored image's row because its content also came under <paramref name="otherLabel"/>.</summary>
    private static void RemoveAsConflict(SqliteConnection connection, ImageRecord stored, string otherLabel)
    {
        Execute(connection, "DELETE FROM images WHERE id = $id", ("$id", stored.Id));
        RememberConflict(connection, stored.ProjectId, stored.Hash, stored.Label);
        RememberConflict(connection, stored.ProjectId, stored.Hash, otherLabel);
    }

    private static void RememberConflict(SqliteConnection connection, string projectId, string hash, string label) =>
        Execute(connection, "INSERT OR IGNORE INTO conflicting_images (project_id, hash, label) VALUES ($p, $h, $label)",
            ("$p", projectId), ("$h", hash), ("$label", label));

    private static List<ImageRecord> QueryImages(SqliteConnection connection, string tail, params (string, object?)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, project_id, label, stored_name, original_name, hash, bytes, width, height FROM images {tail}";
        Bind(command, parameters);
        using var reader = command.ExecuteReader();
        var images = new List<ImageRecord>();
        while (reader.Read())
        {
            images.Add(new ImageRecord(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetInt64(6), reader.GetInt32(7), reader.GetInt32(8)));
        }
        return images;
    }

    private IReadOnlyList<RunRecord> QueryRuns(string tail, params (string, object?)[] parameters)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT id, project_id, status, message, options_json, labels_json, image_count, created_utc, started_utc, ended_utc,
                   best_val_accuracy, best_epoch
            FROM runs {tail}
            """;
        Bind(command, parameters);
        using var reader = command.ExecuteReader();
        var runs = new List<RunRecord>();
        while (reader.Read())
        {
            runs.Add(new RunRecord(
                reader.GetString(0),
                reader.GetString(1),
                Enum.Parse<RunStatus>(reader.GetString(2)),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                JsonSerializer.Deserialize<TrainingOptions>(reader.GetString(4), StudioJson.Options) ?? new TrainingOptions(),
                JsonSerializer.Deserialize<string[]>(reader.GetString(5), StudioJson.Options) ?? [],
                reader.GetInt32(6),
                DateTimeOffset.Parse(reader.GetString(7)),
                reader.IsDBNull(8) ? null : DateTimeOffset.Parse(reader.GetString(8)),
                reader.IsDBNull(9) ? null : DateTimeOffset.Parse(reader.GetString(9)),
                reader.IsDBNull(10) ? null : reader.GetDouble(10),
                reader.IsDBNull(11) ? null : reader.GetInt32(11)));
        }
        return runs;
    }

    private IReadOnlyList<EvaluationRecord> QueryEvaluations(string tail, params (string, object?)[] parameters)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, run_id, test_set_id, created_utc, report_json FROM evaluations {tail}";
        Bind(command, parameters);
        using var reader = command.ExecuteReader();
        var evaluations = new List<EvaluationRecord>();
        while (reader.Read())
        {
            var report = JsonSerializer.Deserialize<EvaluationReport>(reader.GetString(4), StudioJson.Options)!;
            evaluations.Add(new EvaluationRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                DateTimeOffset.Parse(reader.GetString(3)), report));
        }
        return evaluations;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout = 10000;");
        return connection;
    }

    private static int Execute(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Bind(command, parameters);
        return command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Bind(command, parameters);
        return command.ExecuteScalar();
    }

    private static void Bind(SqliteCommand command, params (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
    }
}
