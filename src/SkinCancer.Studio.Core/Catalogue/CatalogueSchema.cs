namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>
/// The catalogue's tables, created when missing, so a workspace made by an older studio gains new ones on opening.
/// Deleting a project cascades to everything it owns. conflicting_images remembers content uploaded under more than one
/// label (one row per label it came under): no copy of it is stored, and later copies are refused, not added again.
/// </summary>
internal static class CatalogueSchema
{
    public const string Create = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS projects (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            created_utc TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS images (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            stored_name TEXT NOT NULL,
            original_name TEXT NOT NULL,
            hash TEXT NOT NULL,
            bytes INTEGER NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            UNIQUE (project_id, hash)
        );
        CREATE TABLE IF NOT EXISTS conflicting_images (
            project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
            hash TEXT NOT NULL,
            label TEXT NOT NULL,
            PRIMARY KEY (project_id, hash, label)
        );
        CREATE TABLE IF NOT EXISTS runs (
            id TEXT PRIMARY KEY,
            project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
            status TEXT NOT NULL,
            message TEXT,
            options_json TEXT NOT NULL,
            labels_json TEXT NOT NULL,
            image_count INTEGER NOT NULL,
            created_utc TEXT NOT NULL,
            started_utc TEXT,
            ended_utc TEXT,
            best_val_accuracy REAL,
            best_epoch INTEGER
        );
        CREATE TABLE IF NOT EXISTS epochs (
            run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            epoch INTEGER NOT NULL,
            train_loss REAL NOT NULL,
            train_accuracy REAL NOT NULL,
            val_loss REAL,
            val_accuracy REAL,
            learning_rate REAL NOT NULL,
            elapsed_ms INTEGER NOT NULL,
            phase TEXT NOT NULL DEFAULT 'head',
            PRIMARY KEY (run_id, epoch)
        );
        CREATE TABLE IF NOT EXISTS evaluations (
            id TEXT PRIMARY KEY,
            run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            test_set_id TEXT NOT NULL,
            created_utc TEXT NOT NULL,
            report_json TEXT NOT NULL
        );
        """;

    /// <summary>Columns added after a table was first released, each with the statement that adds it to an older workspace.</summary>
    public static readonly (string Table, string Column, string Add)[] AddedColumns =
    [
        ("epochs", "phase", "ALTER TABLE epochs ADD COLUMN phase TEXT NOT NULL DEFAULT 'head'"),
    ];
}
