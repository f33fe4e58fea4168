using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SkinCancer.Studio.Core.Storage;

namespace SkinCancer.Studio.Core.Features;

/// <summary>
/// Backbone features stored per (image content hash, extractor id, view) in the workspace's features.db,
/// so every later run on the same pixels skips the backbone. The extractor id names the backbone and the preprocessing:
/// changing either makes old entries unreachable rather than wrong.
/// </summary>
public sealed class FeatureCache
{
    public static readonly string ExtractorId = $"{ResNet18Backbone.Id}|{Imaging.Preprocessing.Id}";

    /// <summary>features.db's schema; never edit a released step, add the next one.</summary>
    internal static readonly IReadOnlyList<SchemaMigration> Migrations =
    [
        new(1, "feature vectors by content hash, extractor and view", """
            CREATE TABLE IF NOT EXISTS features (
                hash TEXT NOT NULL,
                extractor TEXT NOT NULL,
                view INTEGER NOT NULL,
                vector BLOB NOT NULL,
                PRIMARY KEY (hash, extractor, view)
            ) WITHOUT ROWID;
            """),
    ];

    private readonly SqliteDatabase _database;

    public FeatureCache(string workspace)
    {
        _database = new SqliteDatabase(Path.Combine(workspace, "features.db"), Migrations, foreignKeys: false);
    }

    public Dictionary<(string Hash, int View), float[]> GetMany(IEnumerable<(string Hash, int View)> keys)
    {
        var result = new Dictionary<(string, int), float[]>();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT vector FROM features WHERE hash = $hash AND extractor = $extractor AND view = $view";
        var hash = command.Parameters.Add("$hash", SqliteType.Text);
        command.Parameters.AddWithValue("$extractor", ExtractorId);
        var view = command.Parameters.Add("$view", SqliteType.Integer);
        command.Prepare();
        foreach (var key in keys)
        {
            if (result.ContainsKey(key)) continue;
            hash.Value = key.Hash;
            view.Value = key.View;
            if (command.ExecuteScalar() is byte[] blob)
            {
                result[key] = MemoryMarshal.Cast<byte, float>(blob).ToArray();
            }
        }
        return result;
    }

    public void PutMany(IReadOnlyList<(string Hash, int View, float[] Vector)> entries)
    {
        if (entries.Count == 0) return;
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT OR REPLACE INTO features (hash, extractor, view, vector) VALUES ($hash, $extractor, $view, $vector)";
        var hash = command.Parameters.Add("$hash", SqliteType.Text);
        command.Parameters.AddWithValue("$extractor", ExtractorId);
        var view = command.Parameters.Add("$view", SqliteType.Integer);
        var vector = command.Parameters.Add("$vector", SqliteType.Blob);
        foreach (var entry in entries)
        {
            hash.Value = entry.Hash;
            view.Value = entry.View;
            vector.Value = MemoryMarshal.AsBytes(entry.Vector.AsSpan()).ToArray();
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public long Count()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM features";
        return (long)command.ExecuteScalar()!;
    }

    private SqliteConnection Open() => _database.Open();
}
