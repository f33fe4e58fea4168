using System.Net;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>
/// The real studio process fine-tuning a small generated project: cancelled mid fine-tuning, and SIGKILLed mid
/// fine-tuning and restarted. Either way the run ends as the user expects and leaves no half-written model, and the next
/// fine-tuning run completes. TorchSharp's natives are loaded only once a run fine-tunes.
/// </summary>
public sealed class FineTuningRunTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>Small and quick: a 3-epoch head, then fine-tuning that would go on for a long time unless stopped.</summary>
    private static object FineTune(int epochs) => new
    {
        epochs = 3, patience = 3, hiddenUnits = 8, augment = false, testTimeAugmentation = false, validationSplit = 0.25,
        fineTune = true, fineTuneEpochs = epochs, fineTunePatience = epochs, fineTuneBatchSize = 8, fineTuneViews = 1,
    };

    [Fact]
    public async Task A_run_cancelled_while_fine_tuning_ends_cancelled_with_nothing_half_written_and_the_next_one_completes()
    {
        await using var studio = await LoopbackProcess.StartAsync();
        using var http = studio.Client();
        await RunRequests.UploadClassesAsync(http, studio.ProjectId, firstSeed: 0, count: 16);

        var cancelled = await RunRequests.StartRunAsync(http, studio.ProjectId, FineTune(epochs: 1000));
        await WaitUntilFineTuningAsync(studio.Catalogue, cancelled.Id);
        await RunRequests.CancelRunAsync(http, studio.ProjectId, cancelled.Id);
        await RunRequests.WaitForAsync(studio.Catalogue, cancelled.Id, s => s is RunStatus.Cancelled or RunStatus.Completed);

        var run = studio.Catalogue.Runs.Get(cancelled.Id)!;
        Assert.Equal(RunStatus.Cancelled, run.Status);
        Assert.Equal("cancelled by the user", run.Message);
        AssertNothingWritten(studio.Folders, studio.ProjectId, cancelled.Id);
        // A run that did not complete has no model: 409 (the run exists, in a state that has none), as the API answers.
        Assert.Equal(HttpStatusCode.Conflict, (await http.GetAsync($"/api/projects/{studio.ProjectId}/runs/{cancelled.Id}/model.zip")).StatusCode);

        await AssertNextFineTuningRunCompletesAsync(http, studio.Catalogue, studio.Folders, studio.ProjectId);
    }

    [Fact]
    public async Task A_studio_killed_while_fine_tuning_shows_the_run_interrupted_on_restart_and_the_next_one_completes()
    {
        Directory.CreateDirectory(_folder.Workspace);
        var catalogue = new StudioCatalogue(_folder.Workspace);
        var folders = new ProjectFolders(_folder.Workspace);
        var projectId = catalogue.Projects.Create("killed while fine-tuning").Id;
        RunRecord killed;

        await using (var app = StudioProcess.Start("127.0.0.1", _folder.Workspace))
        {
            await app.WaitUntilServingAsync();
            using var http = new HttpClient { BaseAddress = new Uri(app.LoopbackUrl) };
            await RunRequests.UploadClassesAsync(http, projectId, firstSeed: 0, count: 16);
            killed = await RunRequests.StartRunAsync(http, projectId, FineTune(epochs: 1000));
            await WaitUntilFineTuningAsync(catalogue, killed.Id);
            Assert.True(LoadsTorchSharp(app.ProcessId), "a fine-tuning studio has TorchSharp's natives mapped");
            await app.KillAsync();
        }
        AssertNothingWritten(folders, projectId, killed.Id);

        await using (var app = StudioProcess.Start("127.0.0.1", _folder.Workspace))
        {
            await app.WaitUntilServingAsync();
            using var http = new HttpClient { BaseAddress = new Uri(app.LoopbackUrl) };
            var run = catalogue.Runs.Get(killed.Id)!;
            Assert.Equal(RunStatus.Interrupted, run.Status);
            Assert.Contains(catalogue.Runs.ListEpochs(killed.Id), e => e.Phase == "fine-tune");
            AssertNothingWritten(folders, projectId, killed.Id);
            Assert.False(LoadsTorchSharp(app.ProcessId), "the studio starts without loading TorchSharp");

            await AssertNextFineTuningRunCompletesAsync(http, catalogue, folders, projectId);
        }
    }

    private static async Task WaitUntilFineTuningAsync(StudioCatalogue catalogue, string runId) =>
        await RunRequests.WaitForAsync(catalogue, runId, _ => catalogue.Runs.ListEpochs(runId).Any(e => e.Phase == "fine-tune"));

    /// <summary>No model folder for the run, and no staging or set-aside copy of one beside the others.</summary>
    private static void AssertNothingWritten(ProjectFolders folders, string projectId, string runId)
    {
        var model = folders.Model(projectId, runId);
        Assert.False(Directory.Exists(model), $"{model} exists");
        var models = Path.GetDirectoryName(model)!;
        if (Directory.Exists(models)) Assert.DoesNotContain(Directory.GetFileSystemEntries(models), e => Path.GetFileName(e).Contains(runId));
    }

    private static async Task AssertNextFineTuningRunCompletesAsync(HttpClient http, StudioCatalogue catalogue, ProjectFolders folders, string projectId)
    {
        var next = await RunRequests.StartRunAsync(http, projectId, FineTune(epochs: 1));
        await RunRequests.WaitForAsync(catalogue, next.Id, s => s is RunStatus.Completed);
        var info = ModelPackage.Load(folders.Model(projectId, next.Id)).Metadata.FineTuning!;
        Assert.True(info.Ran, info.Reason);
        Assert.Equal(["stage4"], info.Stages);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/projects/{projectId}/runs/{next.Id}/model.zip")).StatusCode);
    }

    private static bool LoadsTorchSharp(int processId) =>
        File.ReadLines($"/proc/{processId}/maps").Any(l => l.Contains("libtorch_cpu.so", StringComparison.Ordinal) || l.Contains("libLibTorchSharp.so", StringComparison.Ordinal));
}
