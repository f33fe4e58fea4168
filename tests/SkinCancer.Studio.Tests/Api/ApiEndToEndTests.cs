using System.IO.Compression;
using System.Net;
using System.Text.Json;
using SkinCancer.Studio.Core.Catalogue;

namespace SkinCancer.Studio.Tests.Api;

/// <summary>
/// A whole project driven through the HTTP API alone, against the real studio on a loopback port, as a nightly script
/// would: create, upload a drawn image set, train with options, follow progress to the end as server-sent events,
/// upload and evaluate a test set, read the metrics, export, download, predict, and delete.
/// </summary>
public sealed class ApiEndToEndTests : ApiStudioTest
{
    [Fact]
    public async Task A_project_goes_from_creation_to_predictions_and_deletion_through_the_api_alone()
    {
        var studio = Studio;
        var (api, upload) = await ProjectWithShapesAsync("  shapes nightly  ", perClass: 8);
        var project = await studio.JsonAsync(HttpMethod.Get, api, HttpStatusCode.OK);
        var projectId = project.GetProperty("id").GetString()!;
        Assert.Equal("shapes nightly", project.GetProperty("name").GetString());
        Assert.Contains((await studio.JsonAsync(HttpMethod.Get, "/api/projects", HttpStatusCode.OK)).EnumerateArray(), p => p.GetProperty("id").GetString() == projectId);

        // Eight drawn circles and eight squares, sent as the Data tab sends a dropped folder.
        Assert.All(upload.GetProperty("outcomes").EnumerateArray(), o => Assert.Equal("added", o.GetProperty("status").GetString()));
        var classes = await studio.JsonAsync(HttpMethod.Get, $"{api}/classes", HttpStatusCode.OK);
        Assert.Equal([("circles", 8), ("squares", 8)], classes.EnumerateArray().Select(c => (c.GetProperty("label").GetString(), c.GetProperty("count").GetInt32())));

        // Options bind to TrainingOptions itself, fine-tuning ones included; what is left out takes the configured default.
        var started = await studio.JsonAsync(HttpMethod.Post, $"{api}/runs", HttpStatusCode.Accepted,
            new { epochs = 3, patience = 3, hiddenUnits = 16, augment = "off", testTimeAugmentation = false, fineTune = "off", fineTuneEpochs = 2 }, uploadHeader: true);
        var runId = started.GetProperty("id").GetString()!;
        var options = started.GetProperty("options");
        Assert.Equal((3, 16, 2, 32), (options.GetProperty("epochs").GetInt32(), options.GetProperty("hiddenUnits").GetInt32(),
            options.GetProperty("fineTuneEpochs").GetInt32(), options.GetProperty("batchSize").GetInt32()));
        Assert.False(options.GetProperty("fineTune").GetBoolean()); // "off" in the request, as in appsettings.json and on the command line

        // Follow it live: the current state first, then events until the run has ended and the server closes the stream.
        var events = await studio.EventsAsync($"{api}/runs/{runId}/events", TimeSpan.FromMinutes(3));
        Assert.Equal("run", events[0].Type);
        Assert.Equal(runId, events[0].Data.GetProperty("run").GetProperty("id").GetString());
        Assert.Equal("status", events[^1].Type);
        Assert.Equal("completed", events[^1].Data.GetProperty("status").GetString());
        var epochs = events.Where(e => e.Type == "epoch").Select(e => e.Data.GetProperty("epoch").GetInt32())
            .Concat(events[0].Data.GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("epoch").GetInt32())).Distinct().Order().ToArray();
        Assert.Equal([1, 2, 3], epochs);

        // Reattaching after the end gives the finished state at once, and the stream ends.
        var reattached = await studio.EventsAsync($"{api}/runs/{runId}/events", TimeSpan.FromSeconds(30));
        Assert.Equal("completed", Assert.Single(reattached).Data.GetProperty("run").GetProperty("status").GetString());

        var run = await studio.JsonAsync(HttpMethod.Get, $"{api}/runs/{runId}", HttpStatusCode.OK);
        Assert.Equal("completed", run.GetProperty("run").GetProperty("status").GetString());
        Assert.Equal(3, run.GetProperty("epochs").GetArrayLength());
        Assert.Equal("squares", run.GetProperty("threshold").GetProperty("positiveLabel").GetString());
        Assert.Equal(runId, Assert.Single((await studio.JsonAsync(HttpMethod.Get, $"{api}/runs", HttpStatusCode.OK)).EnumerateArray()).GetProperty("id").GetString());

        // A test set of other drawings, uploaded under a new id, then scored.
        var test = SyntheticImages.ShapesDataset(Path.Combine(Images.Path, "test"), perClass: 4, seedOffset: 500);
        var testSet = await studio.SendAsync(HttpMethod.Post, $"{api}/testsets", HttpStatusCode.OK, ApiStudio.Files(ApiStudio.FolderFiles(test)), uploadHeader: true);
        var testSetId = testSet!.Value.GetProperty("testSetId").GetString()!;
        var evaluation = await studio.JsonAsync(HttpMethod.Post, $"{api}/runs/{runId}/evaluations", HttpStatusCode.Created, new { testSetId });
        var evaluationId = evaluation.GetProperty("id").GetString()!;
        var read = await studio.JsonAsync(HttpMethod.Get, $"{api}/evaluations/{evaluationId}", HttpStatusCode.OK);
        var confusion = read.GetProperty("confusion").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetInt32()).ToArray()).ToArray();
        Assert.Equal(8, confusion.Sum(r => r.Sum()));
        double accuracy = read.GetProperty("accuracy").GetDouble();
        Assert.Equal((double)(confusion[0][0] + confusion[1][1]) / 8, accuracy, 9);
        Assert.True(accuracy >= 0.75, $"circles vs squares scored {accuracy:P0}");
        Assert.Equal(["circles", "squares"], read.GetProperty("perClass").EnumerateObject().Select(p => p.Name));
        Assert.True(read.GetProperty("roc").GetArrayLength() >= 2);
        var images = read.GetProperty("images").EnumerateArray().ToArray();
        Assert.Equal(8, images.Length);
        Assert.All(images, i => Assert.StartsWith(i.GetProperty("label").GetString() + "/", i.GetProperty("file").GetString()));
        Assert.Equal(evaluationId, Assert.Single((await studio.JsonAsync(HttpMethod.Get, $"{api}/runs/{runId}/evaluations", HttpStatusCode.OK)).EnumerateArray())
            .GetProperty("id").GetString());

        // Export, download and predict, as before.
        using (var export = await studio.Http.GetAsync($"{api}/runs/{runId}/export/onnx.zip"))
        {
            Assert.Equal(HttpStatusCode.OK, export.StatusCode);
            using var zip = new ZipArchive(await export.Content.ReadAsStreamAsync());
            Assert.Contains(zip.Entries, e => e.Name == "model.onnx");
        }
        using (var model = await studio.Http.GetAsync($"{api}/runs/{runId}/model.zip"))
        {
            using var zip = new ZipArchive(await model.Content.ReadAsStreamAsync());
            Assert.Contains(zip.Entries, e => e.Name == "metadata.json");
        }
        var circle = File.ReadAllBytes(Directory.GetFiles(Path.Combine(test, "circles"))[0]);
        var prediction = await studio.SendAsync(HttpMethod.Post, $"{api}/runs/{runId}/predict", HttpStatusCode.OK, ApiStudio.Files([("circle.jpg", circle)]));
        Assert.Equal(["circles", "squares"], prediction!.Value.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(1.0, prediction.Value.GetProperty("probabilities").EnumerateObject().Sum(p => p.Value.GetDouble()), 5);

        // Classes and images change as in the Data tab; then the project goes, with its files.
        var first = (await studio.JsonAsync(HttpMethod.Get, $"{api}/images?label=circles", HttpStatusCode.OK)).EnumerateArray().First().GetProperty("id").GetInt64();
        await studio.SendAsync(HttpMethod.Delete, $"{api}/images/{first}", HttpStatusCode.NoContent);
        var renamed = await studio.JsonAsync(HttpMethod.Patch, $"{api}/classes/squares", HttpStatusCode.OK, new { name = "boxes" });
        Assert.Equal([("boxes", 8), ("circles", 7)], renamed.EnumerateArray().Select(c => (c.GetProperty("label").GetString(), c.GetProperty("count").GetInt32())));
        Assert.Equal("nightly", (await studio.JsonAsync(HttpMethod.Patch, api, HttpStatusCode.OK, new { name = "nightly" })).GetProperty("name").GetString());

        await studio.SendAsync(HttpMethod.Delete, api, HttpStatusCode.NoContent);
        Assert.Contains(projectId, await studio.ProblemAsync(HttpMethod.Get, api, HttpStatusCode.NotFound));
        Assert.False(Directory.Exists(Path.Combine(studio.Workspace, "projects", projectId)));
        Assert.Null(studio.Catalogue.Runs.Get(runId));
    }
}
