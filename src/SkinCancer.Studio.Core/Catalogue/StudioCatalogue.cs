using SkinCancer.Studio.Core.Storage;

namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>
/// The workspace's catalogue.db, split by what it stores: projects, their images, training runs with per-epoch metrics,
/// and evaluations. All four share one <see cref="SqliteDatabase"/>, opened (and migrated) once. Every write is one
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
    }

    public SqliteDatabase Database { get; }

    public ProjectStore Projects { get; }

    public ImageStore Images { get; }

    public RunStore Runs { get; }

    public EvaluationStore Evaluations { get; }
}
