using Microsoft.Data.Sqlite;

namespace SkinCancer.Studio.Core.Storage;

/// <summary>
/// The one way the studio opens its SQLite files (catalogue.db, features.db): pooled connections with a busy timeout,
/// foreign keys where the schema relies on them, and the file brought to its newest schema version when first opened.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;

    public SqliteDatabase(string path, IReadOnlyList<SchemaMigration> migrations, bool foreignKeys = true)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        FilePath = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = true,
            ForeignKeys = foreignKeys,
        }.ToString();
        DapperConventions.Apply();
        using var connection = Open();
        SchemaVersion = SchemaMigrator.Migrate(connection, migrations, Path.GetFileName(path));
    }

    public string FilePath { get; }

    /// <summary>The schema version the file has after opening (PRAGMA user_version).</summary>
    public int SchemaVersion { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        // Several requests and the training worker write at once; WAL lets readers go on, and writers wait their turn.
        command.CommandText = "PRAGMA busy_timeout = 10000;";
        command.ExecuteNonQuery();
        return connection;
    }
}
