using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace SkinCancer.Studio.Core.Features;

/// <summary>
/// Backbone features stored per (image content hash, extractor id, view) in the workspace's features.db,
/// so every later run on the same pixels skips the backbone. The extractor id names the backbone and the preprocessing:
/// changing either makes old entries unreachable rather than wrong.
/// </summary>
public sealed class FeatureCache
{
    public static readonly string ExtractorId = $"{ResNet18Backbone.Id}|{Imaging.Preprocessing.Id}";

    private readonly string _connectionString;

    public FeatureCache(string workspace)
    {
        Directory.CreateDirectory(workspace);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(workspace, "features.db"),
            Pooling = true,
        }.ToString();
        using var connection = Open();
        Execute(connection, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS features (
                hash TEXT NOT NULL,
                extractor TEXT NOT NULL,
                view INTEGER NOT NULL,
                vector BLOB NOT NULL,
                PRIMARY KEY (hash, extractor, view)
            ) WITHOUT ROWID;
            """);
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

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout = 10000;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
