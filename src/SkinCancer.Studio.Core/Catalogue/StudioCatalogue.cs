using Dapper;
using SkinCancer.Studio.Core.Storage;

namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>
/// The workspace's catalogue.db, split by what it stores: projects, their images, training runs with per-epoch metrics,
/// evaluations, and test sets. All five share one <see cref="SqliteDatabase"/>, opened (and migrated) once. Every write is one
/// SQLite transaction, so a crash leaves either the old or the new state.
/// </summary>
public sealed class StudioCatalogue
{
    public const string FileName = "catalogue.db";

    public StudioCatalogue(string workspace)
    {
        Database = new SqliteDatabase(Path.Combine(workspace, FileName), CatalogueMigrations.All);
        Projects = new ProjectStore(Database);
        Images = new ImageStore(Database);
        Runs = new RunStore(Database);
        Evaluations = new EvaluationStore(Database);
        TestSets = new TestSetStore(Database);
        FinishUpgrade(workspace);
    }

    public SqliteDatabase Database { get; }

    public ProjectStore Projects { get; }

    public ImageStore Images { get; }

    public RunStore Runs { get; }

    public EvaluationStore Evaluations { get; }

    public TestSetStore TestSets { get; }

    /// <summary>
    /// Upgrade work a migration owes but SQL cannot do (reading files), left by the migration as a pending step and done
    /// here, on the first open after it; the step goes once the work is done, so a crash only delays it.
    /// </summary>
    private void FinishUpgrade(string workspace)
    {
        using var connection = Database.Open();
        var step = new { name = LegacyTestSetFolders.PendingStep };
        if (connection.ExecuteScalar<long>("SELECT COUNT(*) FROM pending_upgrade_steps WHERE name = @name", step) == 0) return;
        LegacyTestSetFolders.Register(this, new ProjectFolders(workspace));
        connection.Execute("DELETE FROM pending_upgrade_steps WHERE name = @name", step);
    }
}
