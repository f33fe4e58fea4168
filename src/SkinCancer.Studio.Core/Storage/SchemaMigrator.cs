using Microsoft.Data.Sqlite;

namespace SkinCancer.Studio.Core.Storage;

/// <summary>
/// Versioned migrations over SQLite's PRAGMA user_version. Each pending step runs in one transaction with the version
/// bump, so a crash leaves the file at the old version or the new one, never in between. A file from a newer studio is
/// refused with a message rather than opened and misread.
/// </summary>
internal static class SchemaMigrator
{
    public static int Migrate(SqliteConnection connection, IReadOnlyList<SchemaMigration> migrations, string fileName)
    {
        for (int i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1) throw new InvalidOperationException($"{fileName}: migrations must be numbered 1, 2, 3… in order");
        }
        Execute(connection, null, "PRAGMA journal_mode = WAL;");
        int version = CurrentVersion(connection);
        if (version > migrations.Count)
        {
            throw new StorageVersionException(
                $"{fileName} has schema version {version}, written by a newer SkinCancer.Studio; this one knows versions up to {migrations.Count}. Upgrade the studio, or use another workspace.");
        }
        foreach (var migration in migrations.Skip(version))
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, transaction, migration.Sql);
            // PRAGMA takes no parameters; the version is an integer from our own list.
            Execute(connection, transaction, $"PRAGMA user_version = {migration.Version};");
            transaction.Commit();
        }
        return Math.Max(version, migrations.Count);
    }

    public static int CurrentVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar());
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>A database file the studio cannot read safely (e.g. written by a newer version).</summary>
public sealed class StorageVersionException(string message) : Exception(message);
