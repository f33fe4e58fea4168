using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Web.Serving;

namespace SkinCancer.Studio.Tests;

/// <summary>The prediction API and the export downloads, in process, against a run trained with the real backbone.</summary>
public sealed class PredictionEndpointTests : IAsyncLifetime
{
    private readonly TempWorkspace _workspace = new();
    private WebApplicationFactory<Program> _factory = null!;
    private string _projectId = "";
    private string _runId = "";
    private string[] _images = [];

    public async Task InitializeAsync()
    {
        var studio = await StudioWithTrainedRun.CreateAsync(_workspace.Path, "api");
        (_factory, _projectId, _runId, _images) = (studio.Factory, studio.ProjectId, studio.RunId, studio.TrainingImages);
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        _workspace.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_export_cached_by_an_older_studio_is_rebuilt_not_served()
    {
        var exports = _factory.Services.GetRequiredService<RunExports>();
        var stale = Path.Combine(Path.GetDirectoryName(exports.Directory(_projectId, _runId, "onnx", 1))!, "onnx");
        Directory.CreateDirectory(stale);
        await File.WriteAllTextAsync(Path.Combine(stale, "model.onnx"), "written by an older studio");

        using var client = _factory.CreateClient();
        var response = await client.GetAsync($"/api/projects/{_projectId}/runs/{_runId}/export/onnx.zip");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        Assert.True(zip.GetEntry("model.onnx")!.Length > 1_000_000, "the fresh export holds the real network");
        Assert.False(Directory.Exists(stale));
        Assert.EndsWith($"onnx-r{RunExports.Revision}-m1", Assert.Single(Directory.GetDirectories(Path.GetDirectoryName(stale)!)));
    }

    private async Task<HttpResponseMessage> PostAsync(string file, string? projectId = null, string? runId = null)
    {
        using var client = _factory.CreateClient();
        return await ModelRequests.PredictAsync(client, projectId ?? _projectId, runId ?? _runId, await File.ReadAllBytesAsync(file), Path.GetFileName(file));
    }

    [Fact]
    public async Task Posted_images_get_the_same_probabilities_as_the_studio_and_concurrent_requests_are_safe()
    {
        var model = ModelPackage.Load(_factory.Services.GetRequiredService<ProjectFolders>().Model(_projectId, _runId));
        var (expected, _) = await _factory.Services.GetRequiredService<ModelRunner>().PredictFilesAsync(model, _images);

        var responses = await Task.WhenAll(_images.Select(image => PostAsync(image)));
        for (int i = 0; i < _images.Length; i++)
        {
            Assert.Equal(HttpStatusCode.OK, responses[i].StatusCode);
            var body = JsonSerializer.Deserialize<PredictionEndpoints.PredictionResponse>(await responses[i].Content.ReadAsStringAsync(), StudioJson.Options)!;
            Assert.Equal(expected[i].Predicted, body.Predicted);
            Assert.Equal(["a", "b"], body.Labels);
            foreach (var label in body.Labels) Assert.Equal(expected[i].Probabilities[label], body.Probabilities[label], 6);
        }
    }

    [Fact]
    public async Task Bad_uploads_get_a_4xx_with_a_message_and_other_ids_are_not_found()
    {
        var text = Path.Combine(_workspace.Path, "notes.png");
        File.WriteAllText(text, "<html>not an image</html>");
        var response = await PostAsync(text);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not an image", await response.Content.ReadAsStringAsync());

        using var client = _factory.CreateClient();
        var empty = await client.PostAsync($"/api/projects/{_projectId}/runs/{_runId}/predict", new MultipartFormDataContent());
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("no image", await empty.Content.ReadAsStringAsync());

        var other = _factory.Services.GetRequiredService<StudioCatalogue>().Projects.Create("other").Id;
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(_images[0], projectId: other)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(_images[0], runId: "..%2F..%2Fetc")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(_images[0], runId: new string('0', 32))).StatusCode);
    }

    [Fact]
    public async Task The_api_is_described_by_an_openapi_document_and_exports_download_as_zips()
    {
        using var client = _factory.CreateClient();
        var document = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/projects/{projectId}/runs/{runId}/predict", document);

        var response = await client.GetAsync($"/api/projects/{_projectId}/runs/{_runId}/export/onnx.zip");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        Assert.Contains(zip.Entries, e => e.Name == "model.onnx");
        Assert.Contains(zip.Entries, e => e.Name == "metadata.json");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/projects/{_projectId}/runs/{_runId}/export/exe.zip")).StatusCode);
    }
}
