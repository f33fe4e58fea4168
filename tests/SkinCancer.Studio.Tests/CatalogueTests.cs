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
        var project = new StudioCatalogue(_workspace.Path).CreateProject("  Moles  ");
        new StudioCatalogue(_workspace.Path).RenameProject(project.Id, "Lesions");

        var reopened = new StudioCatalogue(_workspace.Path);
        var listed = Assert.Single(reopened.ListProjects());
        Assert.Equal((project.Id, "Lesions"), (listed.Id, listed.Name));
        Assert.True(CatalogueIds.IsValid(project.Id));
        Assert.Null(reopened.GetProject("../" + project.Id));
    }

    [Fact]
    public void The_same_content_is_stored_once_per_project()
    {
        var catalogue = new StudioCatalogue(_workspace.Path);
        var a = catalogue.CreateProject("a");
        var b = catalogue.CreateProject("b");

        Assert.Equal(ImageAdditionKind.Added, catalogue.AddImage(Image(a.Id, "benign", "aaaa1111")).Kind);
        var duplicate = catalogue.AddImage(Image(a.Id, "benign", "aaaa1111"));
        Assert.Equal((ImageAdditionKind.Duplicate, "benign"), (duplicate.Kind, duplicate.Image!.Label));
        Assert.Equal(ImageAdditionKind.Added, catalogue.AddImage(Image(b.Id, "benign", "aaaa1111")).Kind);
        Assert.Equal(1, catalogue.CountImages(a.Id));
    }

    [Fact]
    public void Content_under_a_second_label_removes_the_stored_copy_and_every_later_copy_is_refused()
    {
        var catalogue = new StudioCatalogue(_workspace.Path);
        var project = catalogue.CreateProject("p");
        var stored = catalogue.AddImage(Image(project.Id, "benign", "cccc3333")).Image!;

        var conflict = catalogue.AddImage(Image(project.Id, "malignant", "cccc3333"));

        Assert.Equal((ImageAdditionKind.Conflict, stored), (conflict.Kind, conflict.Image));
        Assert.Equal(["benign"], conflict.ConflictLabels);
        Assert.Empty(catalogue.ListImages(project.Id));
        foreach (var label in new[] { "benign", "malignant", "nevus" })
        {
            var later = new StudioCatalogue(_workspace.Path).AddImage(Image(project.Id, label, "cccc3333"));
            Assert.Equal((ImageAdditionKind.Conflict, null), (later.Kind, later.Image));
            Assert.Contains("benign", later.ConflictLabels);
            Assert.Contains("malignant", later.ConflictLabels);
        }
        Assert.Empty(catalogue.ListImages(project.Id));
        Assert.Equal(ImageAdditionKind.Added, catalogue.AddImage(Image(catalogue.CreateProject("q").Id, "malignant", "cccc3333")).Kind);
    }

    [Fact]
    public void A_remembered_conflict_follows_a_class_rename()
    {
        var catalogue = new StudioCatalogue(_workspace.Path);
        var project = catalogue.CreateProject("p");
        catalogue.AddImage(Image(project.Id, "benign", "dddd4444"));
        catalogue.AddImage(Image(project.Id, "malignant", "dddd4444"));

        catalogue.RenameLabel(project.Id, "benign", "nevus");

        Assert.Equal(["malignant", "nevus"], catalogue.AddImage(Image(project.Id, "other", "dddd4444")).ConflictLabels);
    }

    [Fact]
    public void A_catalogue_made_before_conflicts_were_remembered_gains_the_table_on_opening()
    {
        var project = new StudioCatalogue(_workspace.Path).CreateProject("p");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_workspace.Path, "catalogue.db")};Pooling=False"))
        {
            connection.Open();
            using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE conflicting_images";
            drop.ExecuteNonQuery();
        }

        var reopened = new StudioCatalogue(_workspace.Path);
        reopened.AddImage(Image(project.Id, "benign", "eeee5555"));

        Assert.Equal(ImageAdditionKind.Conflict, reopened.AddImage(Image(project.Id, "malignant", "eeee5555")).Kind);
        Assert.Equal(ImageAdditionKind.Conflict, reopened.AddImage(Image(project.Id, "benign", "eeee5555")).Kind);
    }

    [Fact]
    public void Deleting_a_project_removes_its_images_runs_epochs_and_evaluations()
    {
        var catalogue = new StudioCatalogue(_workspace.Path);
        var project = catalogue.CreateProject("p");
        catalogue.AddImage(Image(project.Id, "benign", "bbbb2222"));
        var run = catalogue.CreateRun(project.Id, new TrainingOptions(), ["benign", "malignant"], 1);
        catalogue.AddEpoch(run.Id, new EpochMetrics(1, 0.7, 0.5, 0.6, 0.6, 1e-3, TimeSpan.FromSeconds(1)));

        catalogue.DeleteProject(project.Id);

        Assert.Empty(catalogue.ListProjects());
        Assert.Empty(catalogue.ListImages(project.Id));
        Assert.Null(catalogue.GetRun(run.Id));
        Assert.Empty(catalogue.ListEpochs(run.Id));
    }

    [Fact]
    public void A_run_keeps_its_settings_epochs_and_outcome()
    {
        var catalogue = new StudioCatalogue(_workspace.Path);
        var project = catalogue.CreateProject("p");
        var options = new TrainingOptions { Epochs = 7, LearningRate = 0.01 };
        var run = catalogue.CreateRun(project.Id, options, ["benign", "malignant"], 42);
        catalogue.MarkRunStarted(run.Id);
        catalogue.AddEpoch(run.Id, new EpochMetrics(1, 0.7, 0.5, 0.6, 0.6, 1e-3, TimeSpan.FromSeconds(1)));
        catalogue.AddEpoch(run.Id, new EpochMetrics(2, 0.5, 0.7, null, null, 1e-3, TimeSpan.FromSeconds(2)));
        catalogue.MarkRunEnded(run.Id, RunStatus.Completed, "2 epochs", 0.6, 1);

        var stored = new StudioCatalogue(_workspace.Path).GetRun(run.Id)!;
        Assert.Equal(RunStatus.Completed, stored.Status);
        Assert.Equal(options, stored.Options);
        Assert.Equal(["benign", "malignant"], stored.Labels);
        Assert.Equal((0.6, 1, 42), (stored.BestValidationAccuracy, stored.BestEpoch, stored.ImageCount));
        Assert.NotNull(stored.Duration);
        var epochs = catalogue.ListEpochs(run.Id);
        Assert.Equal([1, 2], epochs.Select(e => e.Epoch));
        Assert.Null(epochs[1].ValidationLoss);
    }

    [Fact]
    public void Runs_left_queued_or_running_by_a_previous_process_become_interrupted()
    {
        var catalogue = new StudioCatalogue(_workspace.Path);
        var project = catalogue.CreateProject("p");
        var running = catalogue.CreateRun(project.Id, new TrainingOptions(), ["a", "b"], 2);
        catalogue.MarkRunStarted(running.Id);
        var queued = catalogue.CreateRun(project.Id, new TrainingOptions(), ["a", "b"], 2);
        var done = catalogue.CreateRun(project.Id, new TrainingOptions(), ["a", "b"], 2);
        catalogue.MarkRunEnded(done.Id, RunStatus.Failed, "model file missing");

        Assert.Equal(2, new StudioCatalogue(_workspace.Path).MarkUnfinishedRunsInterrupted());

        Assert.Equal(RunStatus.Interrupted, catalogue.GetRun(running.Id)!.Status);
        Assert.Equal(RunStatus.Interrupted, catalogue.GetRun(queued.Id)!.Status);
        Assert.Equal((RunStatus.Failed, "model file missing"), (catalogue.GetRun(done.Id)!.Status, catalogue.GetRun(done.Id)!.Message));
    }

    [Fact]
    public void An_evaluation_report_is_stored_with_its_run_and_read_back_whole()
    {
        var catalogue = new StudioCatalogue(_workspace.Path);
        var project = catalogue.CreateProject("p");
        var run = catalogue.CreateRun(project.Id, new TrainingOptions(), ["benign", "malignant"], 2);
        var report = new EvaluationReport(0.75, ["benign", "malignant"], [[2, 1], [0, 1]],
            new Dictionary<string, ClassMetrics> { ["benign"] = new(1, 0.67, 0.8, 3), ["malignant"] = new(0.5, 1, 0.67, 1) },
            0.9,
            [new ImagePrediction("/t/benign/a.png", "benign", "malignant", new Dictionary<string, double> { ["benign"] = 0.4, ["malignant"] = 0.6 })],
            [new Core.Data.SkippedFile("/t/benign/x.txt", "not an image")]);

        var evaluation = catalogue.AddEvaluation(run.Id, CatalogueIds.New(), report);

        var stored = Assert.Single(new StudioCatalogue(_workspace.Path).ListEvaluations(run.Id));
        Assert.Equal(evaluation.Id, stored.Id);
        Assert.Equal(0.75, stored.Report.Accuracy);
        Assert.Equal([2, 1], stored.Report.Confusion[0]);
        Assert.Equal(0.6, stored.Report.Images[0].Probabilities["malignant"]);
        Assert.Equal(0.67, stored.Report.PerClass["benign"].Recall);
        Assert.Equal("not an image", stored.Report.Skipped[0].Reason);
    }
}
