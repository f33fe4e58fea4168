using System.Net;
using System.Net.Http.Json;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Web.Uploads;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>The real process, SIGKILLed while featurizing and again while training, restarted each time on the same workspace.</summary>
public sealed class KillTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Runs_killed_while_featurizing_and_while_training_are_interrupted_and_everything_else_survives()
    {
        Directory.CreateDirectory(_folder.Workspace);
        var catalogue = new StudioCatalogue(_folder.Workspace);
        var folders = new ProjectFolders(_folder.Workspace);
        var features = new FeatureCache(_folder.Workspace);
        string projectId;
        RunRecord earlier, killedFeaturizing, killedTraining;

        await using (var app = StudioProcess.Start("127.0.0.1", _folder.Workspace))
        {
            await app.WaitUntilServingAsync();
            using var http = new HttpClient { BaseAddress = new Uri(app.LoopbackUrl) };
            projectId = catalogue.Projects.Create("survives a kill").Id;
            await RunRequests.UploadClassesAsync(http, projectId, firstSeed: 0, count: 16);
            earlier = await RunRequests.StartRunAsync(http, projectId, epochs: 2);
            await RunRequests.WaitForAsync(catalogue, earlier.Id, s => s is RunStatus.Completed);

            // Many new images make the next run featurize for a while before its first epoch.
            await RunRequests.UploadClassesAsync(http, projectId, firstSeed: 100, count: 64);
            killedFeaturizing = await RunRequests.StartRunAsync(http, projectId, epochs: 10_000);
            await RunRequests.WaitForAsync(catalogue, killedFeaturizing.Id, s => s is RunStatus.Running);
            await app.KillAsync();
        }
        Assert.Empty(catalogue.Runs.ListEpochs(killedFeaturizing.Id));
        var images = catalogue.Images.List(projectId);
        Assert.Equal(80, images.Count);

        await using (var app = StudioProcess.Start("127.0.0.1", _folder.Workspace))
        {
            await app.WaitUntilServingAsync();
            using var http = new HttpClient { BaseAddress = new Uri(app.LoopbackUrl) };
            await AssertIntactAsync(http, catalogue, folders, projectId, images, earlier.Id);
            Assert.Equal(RunStatus.Interrupted, catalogue.Runs.Get(killedFeaturizing.Id)!.Status);

            killedTraining = await RunRequests.StartRunAsync(http, projectId, epochs: 10_000);
            await RunRequests.WaitForAsync(catalogue, killedTraining.Id, _ => catalogue.Runs.ListEpochs(killedTraining.Id).Count > 0);
            await app.KillAsync();
        }
        long cached = features.Count();
        Assert.True(cached >= images.Count, $"{cached} cached feature vectors for {images.Count} images");

        await using (var app = StudioProcess.Start("127.0.0.1", _folder.Workspace))
        {
            await app.WaitUntilServingAsync();
            using var http = new HttpClient { BaseAddress = new Uri(app.LoopbackUrl) };
            await AssertIntactAsync(http, catalogue, folders, projectId, images, earlier.Id);
            Assert.Equal(RunStatus.Interrupted, catalogue.Runs.Get(killedFeaturizing.Id)!.Status);
            Assert.Equal(RunStatus.Interrupted, catalogue.Runs.Get(killedTraining.Id)!.Status);
            Assert.Equal(cached, features.Count());

            var again = await RunRequests.StartRunAsync(http, projectId, epochs: 2);
            await RunRequests.WaitForAsync(catalogue, again.Id, s => s is RunStatus.Completed);
        }
    }

    private static async Task AssertIntactAsync(HttpClient http, StudioCatalogue catalogue, ProjectFolders folders, string projectId,
        IReadOnlyList<ImageRecord> images, string completedRunId)
    {
        Assert.Equal(images, catalogue.Images.List(projectId));
        Assert.All(images, i => Assert.True(File.Exists(Path.Combine(folders.Label(projectId, i.Label), i.StoredName))));
        Assert.Equal(RunStatus.Completed, catalogue.Runs.Get(completedRunId)!.Status);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/projects/{projectId}/runs/{completedRunId}/model.zip")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/projects/{projectId}/images/{images[^1].Id}/thumbnail")).StatusCode);
    }
}
