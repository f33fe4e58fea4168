using System.Net;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>
/// The real studio process fine-tuning a small generated project: its frozen model is served while fine-tuning goes on;
/// cancelled mid fine-tuning, and SIGKILLed mid fine-tuning and restarted. Either way the run ends as the user expects,
/// keeps the whole frozen model it saved first and nothing half-written beside it, and the next fine-tuning run
/// completes. TorchSharp's natives are loaded only once a run fine-tunes.
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
    public async Task A_run_serves_its_frozen_model_while_fine_tuning_and_keeps_it_when_cancelled_and_the_next_one_completes()
    {
        await using var studio = await LoopbackProcess.StartAsync();
        using var http = studio.Client();
        await RunRequests.UploadClassesAsync(http, studio.ProjectId, firstSeed: 0, count: 16);

        var cancelled = await RunRequests.StartRunAsync(http, studio.ProjectId, FineTune(epochs: 1000));
        await WaitUntilFineTuningAsync(studio.Catalogue, cancelled.Id);

        // The fast model first: while the run fine-tunes, its frozen model predicts and downloads.
        var running = studio.Catalogue.Runs.Get(cancelled.Id)!;
        Assert.Equal((RunStatus.Running, 1), (running.Status, running.ModelRevision));
        Assert.NotNull(running.BestValidationAccuracy);
        var served = await ModelRequests.DownloadedMetadataAsync(http, studio.ProjectId, cancelled.Id);
        Assert.False(served.FineTuning!.Ran, "the frozen model is served while fine-tuning goes on");
        Assert.Equal(HttpStatusCode.OK, (await PredictAsync(http, studio.ProjectId, cancelled.Id)).StatusCode);

        await RunRequests.CancelRunAsync(http, studio.ProjectId, cancelled.Id);
        await RunRequests.WaitForAsync(studio.Catalogue, cancelled.Id, s => s is RunStatus.Cancelled or RunStatus.Completed);

        var run = studio.Catalogue.Runs.Get(cancelled.Id)!;
        Assert.Equal(RunStatus.Cancelled, run.Status);
        Assert.Equal("cancelled by the user after the fast model was saved: that frozen model is kept", run.Message);
        Assert.Equal(1, run.ModelRevision);
        AssertOnlyTheFrozenModel(studio.Folders, studio.ProjectId, cancelled.Id);
        Assert.False((await ModelRequests.DownloadedMetadataAsync(http, studio.ProjectId, cancelled.Id)).FineTuning!.Ran);
        Assert.Equal(HttpStatusCode.OK, (await PredictAsync(http, studio.ProjectId, cancelled.Id)).StatusCode);

        await AssertNextFineTuningRunCompletesAsync(http, studio.Catalogue, studio.Folders, studio.ProjectId);
    }

    [Fact]
    public async Task A_studio_killed_while_fine_tuning_shows_the_run_interrupted_with_its_frozen_model_on_restart_and_the_next_one_completes()
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
        AssertOnlyTheFrozenModel(folders, projectId, killed.Id);

        await using (var app = StudioProcess.Start("127.0.0.1", _folder.Workspace))
        {
            await app.WaitUntilServingAsync();
            using var http = new HttpClient { BaseAddress = new Uri(app.LoopbackUrl) };
            var run = catalogue.Runs.Get(killed.Id)!;
            Assert.Equal(RunStatus.Interrupted, run.Status);
            Assert.Equal("the studio stopped while this run was fine-tuning: the frozen model saved before it is kept", run.Message);
            Assert.Contains(catalogue.Runs.ListEpochs(killed.Id), e => e.Phase == "fine-tune");
            AssertOnlyTheFrozenModel(folders, projectId, killed.Id);
            Assert.Equal(HttpStatusCode.OK, (await PredictAsync(http, projectId, killed.Id)).StatusCode);
            Assert.False(LoadsTorchSharp(app.ProcessId), "the studio starts without loading TorchSharp");

            await AssertNextFineTuningRunCompletesAsync(http, catalogue, folders, projectId);
        }
    }

    private static async Task WaitUntilFineTuningAsync(StudioCatalogue catalogue, string runId) =>
        await RunRequests.WaitForAsync(catalogue, runId, _ => catalogue.Runs.ListEpochs(runId).Any(e => e.Phase == "fine-tune"));

    /// <summary>The run's model folder holds the whole frozen model saved before fine-tuning, with no staging or set-aside copy beside it.</summary>
    private static void AssertOnlyTheFrozenModel(ProjectFolders folders, string projectId, string runId)
    {
        var model = folders.Model(projectId, runId);
        var info = ModelPackage.Load(model).Metadata.FineTuning!;
        Assert.False(info.Ran, info.Reason);
        Assert.Equal("fine-tuning was still running when this frozen model was saved", info.Reason);
        Assert.Equal([Path.GetFileName(model)], Directory.GetFileSystemEntries(Path.GetDirectoryName(model)!).Select(Path.GetFileName).Where(e => e!.Contains(runId)));
    }

    private static Task<HttpResponseMessage> PredictAsync(HttpClient http, string projectId, string runId) =>
        ModelRequests.PredictAsync(http, projectId, runId, GeneratedImages.Png(3, 64), "probe.png");

    private static async Task AssertNextFineTuningRunCompletesAsync(HttpClient http, StudioCatalogue catalogue, ProjectFolders folders, string projectId)
    {
        var next = await RunRequests.StartRunAsync(http, projectId, FineTune(epochs: 1));
        await RunRequests.WaitForAsync(catalogue, next.Id, s => s is RunStatus.Completed);
        var info = ModelPackage.Load(folders.Model(projectId, next.Id)).Metadata.FineTuning!;
        Assert.True(info.Ran, info.Reason);
        Assert.Equal(["stage4"], info.Stages);
        // Saved twice (frozen first, then the model kept): the download is the final package, not the frozen one.
        Assert.Equal(2, catalogue.Runs.Get(next.Id)!.ModelRevision);
        Assert.True((await ModelRequests.DownloadedMetadataAsync(http, projectId, next.Id)).FineTuning!.Ran);
    }

    private static bool LoadsTorchSharp(int processId) =>
        File.ReadLines($"/proc/{processId}/maps").Any(l => l.Contains("libtorch_cpu.so", StringComparison.Ordinal) || l.Contains("libLibTorchSharp.so", StringComparison.Ordinal));
}
