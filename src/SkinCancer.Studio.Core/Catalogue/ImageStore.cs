using Dapper;
using Microsoft.Data.Sqlite;
using SkinCancer.Studio.Core.Storage;

namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>A project's images and classes: one row per stored content, and the content remembered as conflicting.</summary>
public sealed class ImageStore(SqliteDatabase database)
{
    private const string Select = "SELECT id, project_id, label, stored_name, original_name, hash, bytes, width, height FROM images";

    /// <summary>
    /// Adds an image unless the project already knows its content. The same content under the same label is a duplicate.
    /// Under another label it is a conflict, as in the folder importer: neither copy may be used, so the stored copy's row
    /// is removed and the labels are remembered in one transaction, and the caller deletes that copy's file afterwards
    /// (a crash in between leaves an unlisted file, never a row without a file). The conflict is remembered rather than
    /// only reported because with the stored copy gone a third copy would otherwise be added as if it were new. Check,
    /// removal and remembering share one transaction, so no concurrent upload slips in between and no crash removes the
    /// copy without remembering why.
    /// </summary>
    public ImageAddition Add(ImageRecord image)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        var knownConflict = ConflictLabels(connection, transaction, image.ProjectId, image.Hash);
        if (knownConflict.Count > 0)
        {
            RememberConflict(connection, transaction, image.ProjectId, image.Hash, image.Label);
            transaction.Commit();
            return new ImageAddition(ImageAdditionKind.Conflict, null, knownConflict);
        }
        var existing = connection.QueryFirstOrDefault<ImageRow>($"{Select} WHERE project_id = @ProjectId AND hash = @Hash", image, transaction)?.ToRecord();
        if (existing is not null && existing.Label == image.Label) return new ImageAddition(ImageAdditionKind.Duplicate, existing, []);
        if (existing is not null)
        {
            connection.Execute("DELETE FROM images WHERE id = @Id", existing, transaction);
            RememberConflict(connection, transaction, existing.ProjectId, existing.Hash, existing.Label);
            RememberConflict(connection, transaction, existing.ProjectId, existing.Hash, image.Label);
            transaction.Commit();
            return new ImageAddition(ImageAdditionKind.Conflict, existing, [existing.Label]);
        }
        var id = connection.ExecuteScalar<long>("""
            INSERT INTO images (project_id, label, stored_name, original_name, hash, bytes, width, height)
            VALUES (@ProjectId, @Label, @StoredName, @OriginalName, @Hash, @Bytes, @Width, @Height) RETURNING id
            """, image, transaction);
        transaction.Commit();
        return new ImageAddition(ImageAdditionKind.Added, image with { Id = id }, []);
    }

    public IReadOnlyList<ImageRecord> List(string projectId)
    {
        using var connection = database.Open();
        return connection.Query<ImageRow>($"{Select} WHERE project_id = @projectId ORDER BY label, id", new { projectId }).Select(r => r.ToRecord()).ToArray();
    }

    public ImageRecord? Get(string projectId, long imageId)
    {
        using var connection = database.Open();
        return connection.QuerySingleOrDefault<ImageRow>($"{Select} WHERE project_id = @projectId AND id = @imageId", new { projectId, imageId })?.ToRecord();
    }

    /// <summary>Removes one image's row; the caller deletes its file. False when the project has no such image.</summary>
    public bool Delete(string projectId, long imageId)
    {
        using var connection = database.Open();
        return connection.Execute("DELETE FROM images WHERE project_id = @projectId AND id = @imageId", new { projectId, imageId }) > 0;
    }

    public int Count(string projectId)
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<int>("SELECT COUNT(*) FROM images WHERE project_id = @projectId", new { projectId });
    }

    /// <summary>Renames a label on its images and in the remembered conflicts, so a conflict's reason names the classes as they are now.</summary>
    public void RenameLabel(string projectId, string from, string to)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        connection.Execute("""
            UPDATE images SET label = @to WHERE project_id = @projectId AND label = @from;
            INSERT OR IGNORE INTO conflicting_images (project_id, hash, label)
                SELECT project_id, hash, @to FROM conflicting_images WHERE project_id = @projectId AND label = @from;
            DELETE FROM conflicting_images WHERE project_id = @projectId AND label = @from;
            """, new { projectId, from, to }, transaction);
        transaction.Commit();
    }

    public void DeleteLabel(string projectId, string label)
    {
        using var connection = database.Open();
        connection.Execute("DELETE FROM images WHERE project_id = @projectId AND label = @label", new { projectId, label });
    }

    private static List<string> ConflictLabels(SqliteConnection connection, SqliteTransaction transaction, string projectId, string hash) =>
        connection.Query<string>("SELECT label FROM conflicting_images WHERE project_id = @projectId AND hash = @hash ORDER BY label",
            new { projectId, hash }, transaction).ToList();

    private static void RememberConflict(SqliteConnection connection, SqliteTransaction transaction, string projectId, string hash, string label) =>
        connection.Execute("INSERT OR IGNORE INTO conflicting_images (project_id, hash, label) VALUES (@projectId, @hash, @label)",
            new { projectId, hash, label }, transaction);

    private sealed class ImageRow
    {
        public long Id { get; set; }
        public string ProjectId { get; set; } = "";
        public string Label { get; set; } = "";
        public string StoredName { get; set; } = "";
        public string OriginalName { get; set; } = "";
        public string Hash { get; set; } = "";
        public long Bytes { get; set; }
        public long Width { get; set; }
        public long Height { get; set; }

        public ImageRecord ToRecord() => new(Id, ProjectId, Label, StoredName, OriginalName, Hash, Bytes, (int)Width, (int)Height);
    }
}
