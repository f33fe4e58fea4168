using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Tests;

/// <summary>The catalogue against a real SQLite file in a temporary workspace.</summary>
public sealed class CatalogueTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private static ImageRecord Image(string projectId, string label, string hash) =>
        new(0, projectId, label, hash[..8] + ".png", "original.png", hash, 100, 32, 32);

    [Fact]
    public void Projects_are_created_renamed_listed_and_survive_reopening()
    {
        var project = new StudioCatalogue(_workspace.Path).Projects.Create("  Moles  ");
        new StudioCatalogue(_workspace.Path).Projects.Rename(project.Id, "Lesions");

        var reopened = new StudioCatalogue(_workspace.Path);
        var listed = Assert.Single(reopened.Projects.List());
        Assert.Equal((project.Id, "Lesions"), (listed.Id, listed.Name));
        Assert.True(CatalogueIds.IsValid(project.Id));
        Assert.Null(reopened.Projects.Get("../" + project.Id));
    }

    [Fact]
    public void The_same_content_is_stored_once_per_project()
    {
        var catalogue = new StudioCatalogue(_workspace.Path);
        var a = catalogue.Projects.Create("a");
        var b = catalogue.Projects.Create("b");

        Assert.Equal(ImageAdditionKind.Added, catalogue.Images.Add(Image(a.Id, "benign", "aaaa1111")).Kind);
        var duplicate = catalogue.Images.Add(Image(a.Id, "benign", "aaaa1111"));
        Assert.Equal((ImageAdditionKind.Duplicate, "benign"), (duplicate.Kind, duplicate.Image!.Label));
        Assert.Equal(ImageAdditionKind.Added, catalogue.Images.Add(Image(b.Id, "benign", "aaaa1111")).Kind);
        Assert.Equal(1, catalogue.Images.Count(a.Id));
    }

    [Fact]
    public void Content_under_a_second_label_removes_the_stored_copy_and_every_later_copy_is_refused()
    {
        var catalogue = new StudioCatalogue(_workspace.Path);
        var project = catalogue.Projects.Create("p");
        var stored = catalogue.Images.Add(Image(project.Id, "benign", "cccc3333")).Image!;

        var conflict = catalogue.Images.Add(Image(project.Id, "malignant", "cccc3333"));

        Assert.Equal((ImageAdditionKind.Conflict, stored), (conflict.Kind, conflict.Image));
        Assert.Equal(["benign"], conflict.ConflictLabels);
        Assert.Empty(catalogue.Images.List(project.Id));
        foreach (var label in new[] { "benign", "malignant", "nevus" })
        {
            var later = new StudioCatalogue(_workspace.Path).Images.Add(Image(project.Id, label, "cccc3333"));
            Assert.Equal((ImageAdditionKind.Conflict, null), (later.Kind, later.Image));
            Assert.Contains("benign", later.ConflictLabels);
            Assert.Contains("malignant", later.ConflictLabels);
        }
        Assert.Empty(catalogue.Images.List(project.Id));
        Assert.Equal(ImageAdditionKind.Added, catalogue.Images.Add(Image(catalogue.Projects.Create("q").Id, "malignant", "cccc3333")).Kind);
    }

    [Fact]
    public void A_remembered_conflict_follows_a_class_rename()
    {
        var catalogue = new StudioCatalogue(_workspace.Path);
        var project = catalogue.Projects.Create("p");
        catalogue.Images.Add(Image(project.Id, "benign", "dddd4444"));
        catalogue.Images.Add(Image(project.Id, "malignant", "dddd4444"));

        catalogue.Images.RenameLabel(project.Id, "benign", "nevus");

        Assert.Equal(["malignant", "nevus"], catalogue.Images.Add(Image(project.Id, "other", "dddd4444")).ConflictLabels);
    }

    [Fact]
    public void A_catalogue_made_before_conflicts_were_remembered_gains_the_table_on_opening()
    {
        var project = new StudioCatalogue(_workspace.Path).Projects.Create("p");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_workspace.Path, "catalogue.db")};Pooling=False"))
        {
            connection.Open();
            using var drop = connection.CreateCommand();
            // As such a catalogue was: without the table, and from before versioned migrations (user_version 0), so
            // without what later versions added (the epochs' phase, the catalogued test sets, the model revisions).
            drop.CommandText = """
                DROP TABLE conflicting_images; ALTER TABLE epochs DROP COLUMN phase;
                DROP TABLE test_image_conflicts; DROP TABLE test_images; DROP TABLE test_sets; DROP TABLE pending_upgrade_steps;
                ALTER TABLE runs DROP COLUMN model_revision; ALTER TABLE evaluations DROP COLUMN model_revision;
                PRAGMA user_version = 0;
                """;
            drop.ExecuteNonQuery();
        }

        var reopened = new StudioCatalogue(_workspace.Path);
        reopened.Images.Add(Image(project.Id, "benign", "eeee5555"));

        Assert.Equal(ImageAdditionKind.Conflict, reopened.Images.Add(Image(project.Id, "malignant", "eeee5555")).Kind);
        Assert.Equal(ImageAdditionKind.Conflict, reopened.Images.Add(Image(project.Id, "benign", "eeee5555")).Kind);
    }

    [Fact]
    public void Deleting_a_project_removes_its_images_runs_epochs_and_evaluations()
    {
        var catalogue = new StudioCatalogue(_workspace.Path);
        var project = catalogue.Projects.Create("p");
        catalogue.Images.Add(Image(project.Id, "benign", "bbbb2222"));
        var run = catalogue.Runs.Create(project.Id, new TrainingOptions(), ["benign", "malignant"], 1);
        catalogue.Runs.AddEpoch(run.Id, new EpochMetrics(1, 0.7, 0.5, 0.6, 0.6, 1e-3, TimeSpan.FromSeconds(1)));

        catalogue.Projects.Delete(project.Id);

        Assert.Empty(catalogue.Projects.List());
        Assert.Empty(catalogue.Images.List(project.Id));
        Assert.Null(catalogue.Runs.Get(run.Id));
        Assert.Empty(catalogue.Runs.ListEpochs(run.Id));
    }

    [Fact]
    public void A_run_keeps_its_settings_epochs_and_outcome()
    {
        var catalogue = new StudioCatalogue(_workspace.Path);
        var project = catalogue.Projects.Create("p");
        var options = new TrainingOptions { Epochs = 7, LearningRate = 0.01 };
        var run = catalogue.Runs.Create(project.Id, options, ["benign", "malignant"], 42);
        catalogue.Runs.MarkStarted(run.Id);
        catalogue.Runs.AddEpoch(run.Id, new EpochMetrics(1, 0.7, 0.5, 0.6, 0.6, 1e-3, TimeSpan.FromSeconds(1)));
        catalogue.Runs.AddEpoch(run.Id, new EpochMetrics(2, 0.5, 0.7, null, null, 1e-3, TimeSpan.FromSeconds(2)));
        catalogue.Runs.MarkEnded(run.Id, RunStatus.Completed, "2 epochs", 0.6, 1);

        var stored = new StudioCatalogue(_workspace.Path).Runs.Get(run.Id)!;
        Assert.Equal(RunStatus.Completed, stored.Status);
        Assert.Equal(options, stored.Options);
        Assert.Equal(["benign", "malignant"], stored.Labels);
        Assert.Equal((0.6, 1, 42), (stored.BestValidationAccuracy, stored.BestEpoch, stored.ImageCount));
        Assert.NotNull(stored.Duration);
        var epochs = catalogue.Runs.ListEpochs(run.Id);
        Assert.Equal([1, 2], epochs.Select(e => e.Epoch));
        Assert.Null(epochs[1].ValidationLoss);
    }

    [Fact]
    public void Runs_left_queued_or_running_by_a_previous_process_become_interrupted()
    {
        var catalogue = new StudioCatalogue(_workspace.Path);
        var project = catalogue.Projects.Create("p");
        var running = catalogue.Runs.Create(project.Id, new TrainingOptions(), ["a", "b"], 2);
        catalogue.Runs.MarkStarted(running.Id);
        var queued = catalogue.Runs.Create(project.Id, new TrainingOptions(), ["a", "b"], 2);
        var done = catalogue.Runs.Create(project.Id, new TrainingOptions(), ["a", "b"], 2);
        catalogue.Runs.MarkEnded(done.Id, RunStatus.Failed, "model file missing");

        Assert.Equal(2, new StudioCatalogue(_workspace.Path).Runs.MarkUnfinishedInterrupted());

        Assert.Equal(RunStatus.Interrupted, catalogue.Runs.Get(running.Id)!.Status);
        Assert.Equal(RunStatus.Interrupted, catalogue.Runs.Get(queued.Id)!.Status);
        Assert.Equal((RunStatus.Failed, "model file missing"), (catalogue.Runs.Get(done.Id)!.Status, catalogue.Runs.Get(done.Id)!.Message));
    }

    [Fact]
    public void An_evaluation_report_is_stored_with_its_run_and_read_back_whole()
    {
        var catalogue = new StudioCatalogue(_workspace.Path);
        var project = catalogue.Projects.Create("p");
        var run = catalogue.Runs.Create(project.Id, new TrainingOptions(), ["benign", "malignant"], 2);
        var report = new EvaluationReport(0.75, ["benign", "malignant"], [[2, 1], [0, 1]],
            new Dictionary<string, ClassMetrics> { ["benign"] = new(1, 0.67, 0.8, 3), ["malignant"] = new(0.5, 1, 0.67, 1) },
            0.9,
            [new ImagePrediction("/t/benign/a.png", "benign", "malignant", new Dictionary<string, double> { ["benign"] = 0.4, ["malignant"] = 0.6 })],
            [new Core.Datasets.SkippedFile("/t/benign/x.txt", "not an image")]);

        var evaluation = catalogue.Evaluations.Add(run.Id, CatalogueIds.New(), report);

        var stored = Assert.Single(new StudioCatalogue(_workspace.Path).Evaluations.List(run.Id));
        Assert.Equal(evaluation.Id, stored.Id);
        Assert.Equal(0.75, stored.Report.Accuracy);
        Assert.Equal([2, 1], stored.Report.Confusion[0]);
        Assert.Equal(0.6, stored.Report.Images[0].Probabilities["malignant"]);
        Assert.Equal(0.67, stored.Report.PerClass["benign"].Recall);
        Assert.Equal("not an image", stored.Report.Skipped[0].Reason);
    }
}
