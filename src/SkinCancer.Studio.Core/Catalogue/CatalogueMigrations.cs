using SkinCancer.Studio.Core.Storage;

namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>
/// catalogue.db's schema, version by version. Never edit a released step: add the next one. Version 1 is the schema
/// every studio before versioning created (with IF NOT EXISTS, so it also adopts such files, which carry user_version 0).
/// Deleting a project cascades to everything it owns. conflicting_images remembers content uploaded under more than one
/// label (one row per label it came under): no copy of it is stored, and later copies are refused, not added again.
/// </summary>
internal static class CatalogueMigrations
{
    public static readonly IReadOnlyList<SchemaMigration> All =
    [
        new(1, "projects, images, conflicting images, runs, epochs, evaluations", """
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
                PRIMARY KEY (run_id, epoch)
            );
            CREATE TABLE IF NOT EXISTS evaluations (
                id TEXT PRIMARY KEY,
                run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                test_set_id TEXT NOT NULL,
                created_utc TEXT NOT NULL,
                report_json TEXT NOT NULL
            );
            """),
        // Lists by project and by run scanned whole tables, and cascading deletes scanned the child tables once per
        // parent row: each foreign key gets an index.
        new(2, "indexes for the foreign keys the studio lists and deletes by", """
            CREATE INDEX IF NOT EXISTS images_by_project_label ON images (project_id, label);
            CREATE INDEX IF NOT EXISTS runs_by_project ON runs (project_id, created_utc);
            CREATE INDEX IF NOT EXISTS evaluations_by_run ON evaluations (run_id, created_utc);
            """),
        // The phase a metric row belongs to (head or fine-tune), so a reloaded chart shows where fine-tuning began.
        new(3, "epochs remember their training phase", """
            ALTER TABLE epochs ADD COLUMN phase TEXT NOT NULL DEFAULT 'head';
            """),
        // Test sets join the catalogue: each test image is read, checked and hashed once at upload, and evaluation takes
        // its list from these rows instead of scanning testsets/<id>/. stored_path is the file under testsets/<id>/.
        // test_image_conflicts remembers content a test set received under more than one label, as conflicting_images
        // does for a project's images: no copy of it is scored, and later copies are refused.
        // Test sets uploaded before this version are folders with no rows: the step leaves a pending upgrade step, and
        // the first open registers those folders (LegacyTestSetFolders) and removes it. Reading and hashing files is no
        // SQL, so it cannot run inside the migration, but the pending row commits with the migration: it is owed once.
        new(4, "test sets and their images, and the registration of test-set folders owed by the upgrade", """
            CREATE TABLE test_sets (
                id TEXT PRIMARY KEY,
                project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                created_utc TEXT NOT NULL
            );
            CREATE INDEX test_sets_by_project ON test_sets (project_id, created_utc);
            CREATE TABLE test_images (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                test_set_id TEXT NOT NULL REFERENCES test_sets(id) ON DELETE CASCADE,
                label TEXT NOT NULL,
                original_name TEXT NOT NULL,
                stored_path TEXT NOT NULL,
                hash TEXT NOT NULL,
                bytes INTEGER NOT NULL,
                width INTEGER NOT NULL,
                height INTEGER NOT NULL,
                UNIQUE (test_set_id, hash),
                UNIQUE (test_set_id, stored_path)
            );
            CREATE INDEX test_images_by_set_label ON test_images (test_set_id, label);
            CREATE TABLE test_image_conflicts (
                test_set_id TEXT NOT NULL REFERENCES test_sets(id) ON DELETE CASCADE,
                hash TEXT NOT NULL,
                label TEXT NOT NULL,
                PRIMARY KEY (test_set_id, hash, label)
            );
            CREATE TABLE pending_upgrade_steps (
                name TEXT PRIMARY KEY
            );
            INSERT INTO pending_upgrade_steps (name) VALUES ('register test-set folders');
            """),
        // A run that fine-tunes saves its frozen model first, usable while the run goes on and kept when it is cancelled
        // or killed, then replaces it at the end: whether a run has a model is no longer its status. model_revision counts
        // the saves of the run's model (0: none yet), so loaded models and zipped downloads are keyed by the version they
        // were made from, and an evaluation remembers which version it scored. Runs completed before this version each
        // saved their model once, and their evaluations scored that one.
        new(5, "runs count the saves of their model; evaluations remember the one they scored", """
            ALTER TABLE runs ADD COLUMN model_revision INTEGER NOT NULL DEFAULT 0;
            UPDATE runs SET model_revision = 1 WHERE status = 'Completed';
            ALTER TABLE evaluations ADD COLUMN model_revision INTEGER NOT NULL DEFAULT 1;
            """),
    ];
}
