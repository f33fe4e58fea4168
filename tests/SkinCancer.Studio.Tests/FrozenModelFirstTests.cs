using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Core.Training;
using SkinCancer.Studio.Web.Serving;

namespace SkinCancer.Studio.Tests;

/// <summary>
/// The studio's side of the fast model first, in process with the real backbone: a run still going on serves the frozen
/// model it saved (prediction, model.zip, exports), and once it completes with the model it keeps, the same addresses
/// serve that one and nothing made from the frozen model (loaded model, zip, export) is served in its place. The run's
/// life is driven through the catalogue as the training worker drives it; the real worker is covered, fine-tuning
/// included, by the Reliability tests against the studio process.
/// </summary>
public sealed class FrozenModelFirstTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();
    private readonly WebApplicationFactory<Program> _factory;
    private readonly string _train;

    public FrozenModelFirstTests()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Studio:Workspace", _workspace.Path));
        _train = Path.Combine(_workspace.Path, "train");
        GeneratedImages.TwoClasses(_train);
    }

    public void Dispose()
    {
        _factory.Dispose();
        _workspace.Dispose();
    }

    private T Service<T>() where T : notnull => _factory.Services.GetRequiredService<T>();

    /// <summary>Trains a head of <paramref name="hiddenUnits"/> into the run's model folder, replacing what is there as the pipeline does.</summary>
    private async Task SaveModelAsync(string projectId, string runId, int hiddenUnits) =>
        await new TrainingPipeline(ResNet18Backbone.Shared, new FeatureCache(_workspace.Path), new StudioLimits())
            .TrainAsync(_train, new TrainingOptions { Epochs = 2, HiddenUnits = hiddenUnits, Augment = false }, Service<ProjectFolders>().Model(projectId, runId));

    private (string ProjectId, string RunId) RunningRun()
    {
        var catalogue = Service<StudioCatalogue>();
        var projectId = catalogue.Projects.Create("fast model first").Id;
        var runId = catalogue.Runs.Create(projectId, new TrainingOptions { FineTune = true }, ["a", "b"], 12).Id;
        catalogue.Runs.MarkStarted(runId);
        return (projectId, runId);
    }

    private async Task<HttpResponseMessage> PredictAsync(HttpClient client, string projectId, string runId) =>
        await ModelRequests.PredictAsync(client, projectId, runId, await File.ReadAllBytesAsync(Path.Combine(_train, "a", "0.png")), "0.png");

    /// <summary>The hidden-layer width of the model in a downloaded model.zip: it tells the two saved models apart.</summary>
    private static async Task<int> HiddenUnitsInZipAsync(HttpClient client, string projectId, string runId) =>
        (await ModelRequests.DownloadedMetadataAsync(client, projectId, runId)).Head.HiddenUnits;

    [Fact]
    public async Task A_running_run_serves_its_frozen_model_and_once_completed_only_the_model_it_kept()
    {
        var catalogue = Service<StudioCatalogue>();
        var (projectId, runId) = RunningRun();
        using var client = _factory.CreateClient();
        var run = $"/api/projects/{projectId}/runs/{runId}";

        // Running, nothing saved yet: no model anywhere.
        Assert.Equal(HttpStatusCode.Conflict, (await client.GetAsync($"{run}/model.zip")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await PredictAsync(client, projectId, runId)).StatusCode);
        Assert.Null(Service<RunModels>().Load(projectId, runId));

        // The frozen model is saved and recorded, as the worker does on FrozenModelSaved: served while the run goes on.
        await SaveModelAsync(projectId, runId, hiddenUnits: 8);
        catalogue.Runs.MarkModelSaved(runId, 0.75, 2);
        var frozen = catalogue.Runs.Get(runId)!;
        Assert.Equal((RunStatus.Running, 1, true, 0.75), (frozen.Status, frozen.ModelRevision, frozen.HasModel, frozen.BestValidationAccuracy));
        Assert.Equal(8, await HiddenUnitsInZipAsync(client, projectId, runId));
        Assert.Equal(HttpStatusCode.OK, (await PredictAsync(client, projectId, runId)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{run}/export/tfjs.zip")).StatusCode);
        var frozenExport = Service<RunExports>().Directory(projectId, runId, "tfjs", 1);
        Assert.True(Directory.Exists(frozenExport));
        Assert.Equal((8, 1), (Service<RunModels>().Find(projectId, runId)!.Metadata.Head.HiddenUnits, Service<RunModels>().Load(projectId, runId)!.Revision));

        // The run ends with the model it keeps, written over the frozen one: every address serves the new one.
        await SaveModelAsync(projectId, runId, hiddenUnits: 4);
        catalogue.Runs.MarkEnded(runId, RunStatus.Completed, "kept the fine-tuned network", 0.8, 3);
        Assert.Equal((2, 0.8), (catalogue.Runs.Get(runId)!.ModelRevision, catalogue.Runs.Get(runId)!.BestValidationAccuracy));
        Assert.Equal((4, 2), (Service<RunModels>().Find(projectId, runId)!.Metadata.Head.HiddenUnits, Service<RunModels>().Load(projectId, runId)!.Revision));
        Assert.Equal(4, await HiddenUnitsInZipAsync(client, projectId, runId));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{run}/export/tfjs.zip")).StatusCode);
        Assert.True(Directory.Exists(Service<RunExports>().Directory(projectId, runId, "tfjs", 2)));
        Assert.False(Directory.Exists(frozenExport), "the frozen model's export is removed once the kept model's is built");
        Assert.Equal(HttpStatusCode.OK, (await PredictAsync(client, projectId, runId)).StatusCode);
    }

    [Fact]
    public async Task A_run_cancelled_or_interrupted_after_saving_its_frozen_model_keeps_it_and_its_figures()
    {
        var catalogue = Service<StudioCatalogue>();
        var (projectId, cancelledId) = RunningRun();
        var (_, interruptedId) = RunningRun();
        var (_, bareId) = RunningRun();
        await SaveModelAsync(projectId, cancelledId, hiddenUnits: 8);
        catalogue.Runs.MarkModelSaved(cancelledId, 0.75, 2);
        catalogue.Runs.MarkModelSaved(interruptedId, 0.7, 1);

        catalogue.Runs.MarkEnded(cancelledId, RunStatus.Cancelled, "cancelled by the user");
        var cancelled = catalogue.Runs.Get(cancelledId)!;
        Assert.Equal((RunStatus.Cancelled, 1, 0.75, 2), (cancelled.Status, cancelled.ModelRevision, cancelled.BestValidationAccuracy, cancelled.BestEpoch));
        using var client = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await PredictAsync(client, projectId, cancelledId)).StatusCode);
        Assert.Equal(8, await HiddenUnitsInZipAsync(client, projectId, cancelledId));

        // A process that stops mid-run: on the next start the run is interrupted, and says whether it kept a model.
        Assert.Equal(2, catalogue.Runs.MarkUnfinishedInterrupted());
        Assert.Equal("the studio stopped while this run was fine-tuning: the frozen model saved before it is kept", catalogue.Runs.Get(interruptedId)!.Message);
        Assert.Equal("the studio stopped while this run was in progress", catalogue.Runs.Get(bareId)!.Message);
        Assert.True(catalogue.Runs.Get(interruptedId)!.HasModel);
        Assert.False(catalogue.Runs.Get(bareId)!.HasModel);
    }
}
