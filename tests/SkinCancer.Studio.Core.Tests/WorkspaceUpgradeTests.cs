using System.IO.Compression;
using Microsoft.Data.Sqlite;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Storage;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.Tests;

/// <summary>
/// A workspace written by the studio at commit 780e543 (before versioned migrations; made by a small program over that
/// commit's Core: two projects, 17 uploaded images, a completed run with its model and epochs, a failed run, a queued
/// run, an evaluation on a test set uploaded as a folder, a filled feature cache) opens after the upgrade with everything
/// intact and usable, its test set registered in the catalogue and evaluated from there.
/// </summary>
public sealed class WorkspaceUpgradeTests : IDisposable
{
    private const string Commit = "780e543";
    private readonly TempDirectory _temp = new();
    private readonly string _workspace;

    public WorkspaceUpgradeTests()
    {
        _workspace = _temp.Combine("workspace");
        ZipFile.ExtractToDirectory(Path.Combine(AppContext.BaseDirectory, "TestData", $"workspace-{Commit}.zip"), _workspace);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Fact]
    public void The_old_file_carries_no_schema_version_and_opens_at_the_newest()
    {
        Assert.Equal(0, UserVersion(Path.Combine(_workspace, StudioCatalogue.FileName)));
        var catalogue = new StudioCatalogue(_workspace);
        Assert.Equal(CatalogueMigrations.All.Count, catalogue.Database.SchemaVersion);
        Assert.Equal(CatalogueMigrations.All.Count, UserVersion(Path.Combine(_workspace, StudioCatalogue.FileName)));
        // Opening again applies nothing and changes nothing.
        Assert.Equal(CatalogueMigrations.All.Count, new StudioCatalogue(_workspace).Database.SchemaVersion);
    }

    [Fact]
    public async Task Every_project_image_run_model_and_evaluation_survives_the_upgrade()
    {
        var catalogue = new StudioCatalogue(_workspace);
        var folders = new ProjectFolders(_workspace);

        var projects = catalogue.Projects.List();
        Assert.Equal(["Second project, renamed", $"Shapes made by {Commit}"], projects.Select(p => p.Name).Order());
        var shapes = projects.Single(p => p.Name.StartsWith("Shapes", StringComparison.Ordinal));
        Assert.Equal(16, shapes.ImageCount);

        var images = catalogue.Images.List(shapes.Id);
        Assert.Equal(8, images.Count(i => i.Label == "circles"));
        Assert.Equal(8, images.Count(i => i.Label == "squares"));
        Assert.All(images, i => Assert.True(File.Exists(Path.Combine(folders.Label(shapes.Id, i.Label), i.StoredName)), i.StoredName));

        var runs = catalogue.Runs.List(shapes.Id);
        Assert.Equal([RunStatus.Queued, RunStatus.Completed, RunStatus.Failed], runs.Select(r => r.Status).Order());
        var completed = runs.Single(r => r.Status == RunStatus.Completed);
        Assert.Equal(0, completed.Options.HiddenUnits);
        Assert.Equal(["circles", "squares"], completed.Labels);
        var epochs = catalogue.Runs.ListEpochs(completed.Id);
        Assert.NotEmpty(epochs);
        Assert.All(epochs, e => Assert.Equal("head", e.Phase)); // the column migration 3 added, filled for old rows
        Assert.Equal("made to fail for the migration test", runs.Single(r => r.Status == RunStatus.Failed).Message);
        // Migration 5: a run's model is counted by its saves. The completed run saved its model once; the others have none.
        Assert.Equal([0, 0, 1], runs.Select(r => r.ModelRevision).Order());
        Assert.True(completed.HasModel);

        var evaluation = Assert.Single(catalogue.Evaluations.List(completed.Id));
        Assert.Equal(6, evaluation.Report.Images.Count);
        Assert.Equal(completed.ModelRevision, evaluation.ModelRevision); // it scored the model the run still has

        // The feature cache opens with every entry the old code wrote. Those entries are keyed by preprocessing v2; this
        // studio decodes JPEGs as libjpeg-turbo does (v3, issue #15), so it keys its features anew and computes them
        // once. The images here are PNGs, whose pixels v2 and v3 agree on: the scores come out exactly as before.
        var cache = new FeatureCache(_workspace);
        long written = cache.Count();
        Assert.Equal(44, written);
        var model = ModelPackage.Load(folders.Model(shapes.Id, completed.Id));
        // The old test set was a folder with no rows: the upgrade registered it, and it is evaluated from the catalogue.
        var report = await new ModelRunner(ResNet18Backbone.Shared, cache, new Configuration.StudioLimits())
            .EvaluateAsync(model, new CatalogueTestSet(catalogue, folders, shapes.Id, evaluation.TestSetId), null, CancellationToken.None);
        Assert.Equal(evaluation.Report.Accuracy, report.Accuracy);
        Assert.Equal(
            evaluation.Report.Images.Select(i => (Path.GetFileName(i.Path), i.Predicted, Math.Round(i.Probabilities.Values.Max(), 5))).Order(),
            report.Images.Select(i => (Path.GetFileName(i.Path), i.Predicted, Math.Round(i.Probabilities.Values.Max(), 5))).Order());
        Assert.True(cache.Count() >= written);

        // The queued run was cut off by the old process's end, as on any restart.
        Assert.Equal(1, catalogue.Runs.MarkUnfinishedInterrupted());
    }

    [Fact]
    public void The_old_test_set_folder_is_registered_once_with_its_counts_and_hashes()
    {
        var folders = new ProjectFolders(_workspace);
        var catalogue = new StudioCatalogue(_workspace);
        var shapes = catalogue.Projects.List().Single(p => p.ImageCount == 16);
        var evaluation = Assert.Single(catalogue.Evaluations.List(catalogue.Runs.List(shapes.Id).Single(r => r.Status == RunStatus.Completed).Id));

        // The kept workspace's one test set: testsets/<id>/{circles,squares}/t0..t2.png, written by the old upload.
        Assert.Equal([("circles", 3), ("squares", 3)], catalogue.TestSets.Summary(shapes.Id, evaluation.TestSetId));
        Assert.Equal(6, catalogue.TestSets.CountImages(shapes.Id));
        var testSet = folders.TestSet(shapes.Id, evaluation.TestSetId);
        var rows = catalogue.TestSets.List(shapes.Id, evaluation.TestSetId);
        Assert.Equal(["circles/t0.png", "circles/t1.png", "circles/t2.png", "squares/t0.png", "squares/t1.png", "squares/t2.png"], rows.Select(r => r.StoredPath));
        Assert.All(rows, r => Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(testSet, r.StoredPath)))), r.Hash));
        // Every image the old evaluation scored has its row, so its thumbnails and explanations are found through the
        // catalogue, though its report names the files where the workspace was made (another folder than this one).
        var source = new CatalogueTestSet(catalogue, folders, shapes.Id, evaluation.TestSetId);
        Assert.All(evaluation.Report.Images, i => Assert.False(ProjectFolders.Contains(testSet, i.Path)));
        Assert.Equal(evaluation.Report.Images.Select(i => Path.Combine(testSet, i.Label!, Path.GetFileName(i.Path))),
            evaluation.Report.Images.Select(i => source.StoredFile(i.Path)));

        // Once: a file dropped into the folder after the upgrade is not registered by a later open.
        File.Copy(Path.Combine(testSet, "circles", "t0.png"), Path.Combine(testSet, "circles", "dropped.png"));
        var reopened = new StudioCatalogue(_workspace);
        Assert.Equal([("circles", 3), ("squares", 3)], reopened.TestSets.Summary(shapes.Id, evaluation.TestSetId));
    }

    [Fact]
    public void New_writes_work_after_the_upgrade()
    {
        var catalogue = new StudioCatalogue(_workspace);
        var run = catalogue.Runs.List(catalogue.Projects.List().Single(p => p.ImageCount == 16).Id).First(r => r.Status == RunStatus.Completed);
        catalogue.Runs.AddEpoch(run.Id, new EpochMetrics(99, 0.5, 0.8, 0.6, 0.75, 1e-4, TimeSpan.FromSeconds(3)) { Phase = "fine-tune" });
        var last = catalogue.Runs.ListEpochs(run.Id)[^1];
        Assert.Equal((99, "fine-tune", 0.75), (last.Epoch, last.Phase, last.ValidationAccuracy));

        var project = catalogue.Projects.Create("after the upgrade");
        catalogue.Projects.Rename(project.Id, "renamed after the upgrade");
        Assert.Equal("renamed after the upgrade", catalogue.Projects.Get(project.Id)!.Name);
        catalogue.Projects.Delete(project.Id);
        Assert.Null(catalogue.Projects.Get(project.Id));
    }

    [Fact]
    public void A_file_from_a_newer_studio_is_refused_with_a_clear_message()
    {
        var path = Path.Combine(_workspace, StudioCatalogue.FileName);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99;";
            command.ExecuteNonQuery();
        }
        var error = Assert.Throws<StorageVersionException>(() => new StudioCatalogue(_workspace));
        Assert.Contains("schema version 99", error.Message);
        Assert.Contains("newer SkinCancer.Studio", error.Message);
    }

    private static int UserVersion(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar());
    }
}
