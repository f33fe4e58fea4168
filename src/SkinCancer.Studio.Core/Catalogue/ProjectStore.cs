using Dapper;
using SkinCancer.Studio.Core.Storage;

namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>The catalogue's projects: create, rename, delete (everything a project owns cascades), list.</summary>
public sealed class ProjectStore(SqliteDatabase database)
{
    private const string Select = """
        SELECT p.id, p.name, p.created_utc, (SELECT COUNT(*) FROM images i WHERE i.project_id = p.id) AS image_count
        FROM projects p
        """;

    public ProjectRecord Create(string name)
    {
        var project = new ProjectRecord(CatalogueIds.New(), CleanName(name), DateTimeOffset.UtcNow, 0);
        using var connection = database.Open();
        connection.Execute("INSERT INTO projects (id, name, created_utc) VALUES (@Id, @Name, @CreatedUtc)", project);
        return project;
    }

    public void Rename(string projectId, string name)
    {
        using var connection = database.Open();
        connection.Execute("UPDATE projects SET name = @name WHERE id = @projectId", new { projectId, name = CleanName(name) });
    }

    /// <summary>Removes the project's rows (images, runs, epochs, evaluations and test sets cascade). The caller deletes its folder.</summary>
    public void Delete(string projectId)
    {
        using var connection = database.Open();
        connection.Execute("DELETE FROM projects WHERE id = @projectId", new { projectId });
    }

    public IReadOnlyList<ProjectRecord> List()
    {
        using var connection = database.Open();
        return connection.Query<ProjectRow>($"{Select} ORDER BY p.created_utc DESC").Select(r => r.ToRecord()).ToArray();
    }

    public ProjectRecord? Get(string projectId)
    {
        if (!CatalogueIds.IsValid(projectId)) return null;
        using var connection = database.Open();
        return connection.QuerySingleOrDefault<ProjectRow>($"{Select} WHERE p.id = @projectId", new { projectId })?.ToRecord();
    }

    private static string CleanName(string name)
    {
        var trimmed = name.Trim();
        if (trimmed.Length == 0) throw new ArgumentException("a project needs a name");
        return trimmed.Length > 200 ? trimmed[..200] : trimmed;
    }

    private sealed class ProjectRow
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public DateTimeOffset CreatedUtc { get; set; }
        public long ImageCount { get; set; }

        public ProjectRecord ToRecord() => new(Id, Name, CreatedUtc, (int)ImageCount);
    }
}
