using Dapper;
using Microsoft.Data.Sqlite;
using SkinCancer.Studio.Core.Storage;

namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>
/// Uploaded test sets and their images: one row per stored content of a test set. Evaluation takes its list from here,
/// so a file lying in testsets/&lt;id&gt;/ without a row is never scored.
/// </summary>
public sealed class TestSetStore(SqliteDatabase database)
{
    private const string Select = "SELECT id, test_set_id, label, original_name, stored_path, hash, bytes, width, height FROM test_images";

    /// <summary>
    /// Adds an image to a test set, creating the test set with its first image. Content the test set already holds under
    /// the same label is a duplicate. Under another label it is a conflict, as in the folder importer the CLI evaluates
    /// with: neither copy is scored, so the held copy's row goes (the caller deletes its file) and the labels are
    /// remembered, in one transaction, so that a third copy is refused too (<see cref="ImageStore.Add"/> does the same).
    /// </summary>
    public TestImageAddition Add(string projectId, TestImageRecord image)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        Create(connection, transaction, projectId, image.TestSetId, DateTimeOffset.UtcNow);
        var knownConflict = connection.Query<string>("SELECT label FROM test_image_conflicts WHERE test_set_id = @TestSetId AND hash = @Hash ORDER BY label",
            image, transaction).ToList();
        if (knownConflict.Count > 0)
        {
            RememberConflict(connection, transaction, image.TestSetId, image.Hash, [image.Label]);
            transaction.Commit();
            return new TestImageAddition(ImageAdditionKind.Conflict, null, knownConflict);
        }
        var existing = connection.QueryFirstOrDefault<TestImageRow>($"{Select} WHERE test_set_id = @TestSetId AND hash = @Hash", image, transaction)?.ToRecord();
        if (existing is not null && existing.Label == image.Label) return new TestImageAddition(ImageAdditionKind.Duplicate, existing, []);
        if (existing is not null)
        {
            connection.Execute("DELETE FROM test_images WHERE id = @Id", existing, transaction);
            RememberConflict(connection, transaction, image.TestSetId, image.Hash, [existing.Label, image.Label]);
            transaction.Commit();
            return new TestImageAddition(ImageAdditionKind.Conflict, existing, [existing.Label]);
        }
        var id = Insert(connection, transaction, image);
        transaction.Commit();
        return new TestImageAddition(ImageAdditionKind.Added, image with { Id = id }, []);
    }

    /// <summary>
    /// Registers a whole test set at once (the upgrade's import of a folder written by an older studio): the test set and
    /// every image in one transaction, so it is registered whole or not at all. The content the folder held under several
    /// labels (never scored) is remembered as conflicting, so a later upload of it is refused as in any test set.
    /// </summary>
    public void Register(string projectId, string testSetId, DateTimeOffset createdUtc, IEnumerable<TestImageRecord> images,
        IEnumerable<(string Hash, IReadOnlyList<string> Labels)> conflicts)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        Create(connection, transaction, projectId, testSetId, createdUtc);
        foreach (var (hash, labels) in conflicts) RememberConflict(connection, transaction, testSetId, hash, labels);
        // OR IGNORE: two processes finishing the same upgrade at once register the same rows once.
        connection.Execute("""
            INSERT OR IGNORE INTO test_images (test_set_id, label, original_name, stored_path, hash, bytes, width, height)
            VALUES (@TestSetId, @Label, @OriginalName, @StoredPath, @Hash, @Bytes, @Width, @Height)
            """, images, transaction);
        transaction.Commit();
    }

    /// <summary>The project the test set belongs to; null when no test set has this id.</summary>
    public string? ProjectOf(string testSetId)
    {
        if (!CatalogueIds.IsValid(testSetId)) return null;
        using var connection = database.Open();
        return connection.QuerySingleOrDefault<string>("SELECT project_id FROM test_sets WHERE id = @testSetId", new { testSetId });
    }

    /// <summary>The test set's images, by label and stored path; empty when the project has no such test set.</summary>
    public IReadOnlyList<TestImageRecord> List(string projectId, string testSetId)
    {
        using var connection = database.Open();
        return connection.Query<TestImageRow>($"""
            {Select} WHERE test_set_id = @testSetId AND test_set_id IN (SELECT id FROM test_sets WHERE project_id = @projectId)
            ORDER BY label, stored_path
            """, new { projectId, testSetId }).Select(r => r.ToRecord()).ToArray();
    }

    /// <summary>Images per label of the project's test set, labels in ordinal order; empty when there is no such test set.</summary>
    public IReadOnlyList<(string Label, int Count)> Summary(string projectId, string testSetId)
    {
        // Counted by SQLite: the evaluate endpoint asks this before every evaluation, and a test set may hold thousands of rows.
        using var connection = database.Open();
        return connection.Query<(string Label, int Count)>("""
            SELECT label, COUNT(*) FROM test_images
            WHERE test_set_id = @testSetId AND test_set_id IN (SELECT id FROM test_sets WHERE project_id = @projectId)
            GROUP BY label
            """, new { projectId, testSetId }).OrderBy(c => c.Label, StringComparer.Ordinal).ToArray();
    }

    /// <summary>The image stored at <paramref name="storedPath"/> in the project's test set; null when there is none.</summary>
    public TestImageRecord? Find(string projectId, string testSetId, string storedPath)
    {
        using var connection = database.Open();
        return connection.QuerySingleOrDefault<TestImageRow>($"""
            {Select} WHERE test_set_id = @testSetId AND stored_path = @storedPath
              AND test_set_id IN (SELECT id FROM test_sets WHERE project_id = @projectId)
            """, new { projectId, testSetId, storedPath })?.ToRecord();
    }

    /// <summary>Removes one image's row; the caller deletes its file. False when the test set has no such image.</summary>
    public bool Delete(string projectId, string testSetId, long imageId)
    {
        using var connection = database.Open();
        return connection.Execute("""
            DELETE FROM test_images WHERE id = @imageId AND test_set_id = @testSetId
              AND test_set_id IN (SELECT id FROM test_sets WHERE project_id = @projectId)
            """, new { projectId, testSetId, imageId }) > 0;
    }

    /// <summary>Images in all of a project's test sets (they count against Studio:Limits:MaxImagesPerProject, apart from training images).</summary>
    public int CountImages(string projectId)
    {
        using var connection = database.Open();
        return connection.ExecuteScalar<int>("""
            SELECT COUNT(*) FROM test_images WHERE test_set_id IN (SELECT id FROM test_sets WHERE project_id = @projectId)
            """, new { projectId });
    }

    /// <summary>Creates the test set unless it exists; a test-set id another project uses is refused, never shared.</summary>
    private static void Create(SqliteConnection connection, SqliteTransaction transaction, string projectId, string testSetId, DateTimeOffset createdUtc)
    {
        connection.Execute("INSERT OR IGNORE INTO test_sets (id, project_id, created_utc) VALUES (@testSetId, @projectId, @createdUtc)",
            new { testSetId = CatalogueIds.Require(testSetId), projectId, createdUtc }, transaction);
        var owner = connection.ExecuteScalar<string>("SELECT project_id FROM test_sets WHERE id = @testSetId", new { testSetId }, transaction);
        if (owner != projectId) throw new ArgumentException($"test set '{testSetId}' belongs to another project", nameof(testSetId));
    }

    private static long Insert(SqliteConnection connection, SqliteTransaction transaction, TestImageRecord image) =>
        connection.ExecuteScalar<long>("""
            INSERT INTO test_images (test_set_id, label, original_name, stored_path, hash, bytes, width, height)
            VALUES (@TestSetId, @Label, @OriginalName, @StoredPath, @Hash, @Bytes, @Width, @Height) RETURNING id
            """, image, transaction);

    private static void RememberConflict(SqliteConnection connection, SqliteTransaction transaction, string testSetId, string hash, IEnumerable<string> labels) =>
        connection.Execute("INSERT OR IGNORE INTO test_image_conflicts (test_set_id, hash, label) VALUES (@testSetId, @hash, @label)",
            labels.Select(label => new { testSetId, hash, label }), transaction);

    private sealed class TestImageRow
    {
        public long Id { get; set; }
        public string TestSetId { get; set; } = "";
        public string Label { get; set; } = "";
        public string OriginalName { get; set; } = "";
        public string StoredPath { get; set; } = "";
        public string Hash { get; set; } = "";
        public long Bytes { get; set; }
        public long Width { get; set; }
        public long Height { get; set; }

        public TestImageRecord ToRecord() => new(Id, TestSetId, Label, OriginalName, StoredPath, Hash, Bytes, (int)Width, (int)Height);
    }
}
