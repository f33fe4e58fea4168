using System.Text.Json;
using Dapper;
using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Storage;

namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>A run's evaluations on uploaded test sets; each full report is kept as JSON.</summary>
public sealed class EvaluationStore(SqliteDatabase database)
{
    private const string Select = "SELECT id, run_id, test_set_id, created_utc, report_json, model_revision FROM evaluations";

    /// <param name="modelRevision">The version of the run's model that was scored (<see cref="RunRecord.ModelRevision"/>).</param>
    public EvaluationRecord Add(string runId, string testSetId, EvaluationReport report, int modelRevision = 1)
    {
        var evaluation = new EvaluationRecord(CatalogueIds.New(), runId, testSetId, DateTimeOffset.UtcNow, report) { ModelRevision = modelRevision };
        using var connection = database.Open();
        connection.Execute("""
            INSERT INTO evaluations (id, run_id, test_set_id, created_utc, report_json, model_revision)
            VALUES (@Id, @RunId, @TestSetId, @CreatedUtc, @json, @ModelRevision)
            """,
            new { evaluation.Id, evaluation.RunId, evaluation.TestSetId, evaluation.CreatedUtc, evaluation.ModelRevision, json = JsonSerializer.Serialize(report, StudioJson.Compact) });
        return evaluation;
    }

    public IReadOnlyList<EvaluationRecord> List(string runId)
    {
        using var connection = database.Open();
        return connection.Query<EvaluationRow>($"{Select} WHERE run_id = @runId ORDER BY created_utc DESC", new { runId }).Select(r => r.ToRecord()).ToArray();
    }

    public EvaluationRecord? Get(string evaluationId)
    {
        if (!CatalogueIds.IsValid(evaluationId)) return null;
        using var connection = database.Open();
        return connection.QuerySingleOrDefault<EvaluationRow>($"{Select} WHERE id = @evaluationId", new { evaluationId })?.ToRecord();
    }

    private sealed class EvaluationRow
    {
        public string Id { get; set; } = "";
        public string RunId { get; set; } = "";
        public string TestSetId { get; set; } = "";
        public DateTimeOffset CreatedUtc { get; set; }
        public string ReportJson { get; set; } = "";
        public long ModelRevision { get; set; }

        public EvaluationRecord ToRecord() => new(Id, RunId, TestSetId, CreatedUtc, JsonSerializer.Deserialize<EvaluationReport>(ReportJson, StudioJson.Options)!)
        {
            ModelRevision = (int)ModelRevision,
        };
    }
}
