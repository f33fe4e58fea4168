using System.Net;
using System.Net.Http.Json;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Models;
using SkinCancer.Studio.Endpoints;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>A run that cannot succeed ends as "failed" with its message, and the studio keeps serving.</summary>
public sealed class FailingRunTests : IDisposable
{
    private readonly StudioFactory _studio = new();

    public void Dispose() => _studio.Dispose();

    [Fact]
    public async Task A_run_with_a_single_class_fails_with_a_message_and_the_studio_stays_up()
    {
        var projectId = _studio.Catalogue.CreateProject("one class").Id;
        using var client = _studio.Client();
        using (var upload = StudioFactory.Upload(projectId, StudioFactory.Form(("benign/a.png", GeneratedImages.Png(1)), ("benign/b.png", GeneratedImages.Png(2)))))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(upload)).StatusCode);
        }
        using var start = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{projectId}/runs") { Content = JsonContent.Create(new { epochs = 2 }) };
        start.Headers.Add(UploadEndpoints.RequiredHeader, "1");
        var response = await client.SendAsync(start);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var run = (await response.Content.ReadFromJsonAsync<RunRecord>(StudioJson.Options))!;

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (_studio.Catalogue.GetRun(run.Id)!.Status is RunStatus.Queued or RunStatus.Running && DateTime.UtcNow < deadline) await Task.Delay(50);

        var ended = _studio.Catalogue.GetRun(run.Id)!;
        Assert.Equal(RunStatus.Failed, ended.Status);
        Assert.False(string.IsNullOrWhiteSpace(ended.Message));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Invalid_training_options_are_a_400_with_text()
    {
        var projectId = _studio.Catalogue.CreateProject("p").Id;
        using var client = _studio.Client();
        using var start = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{projectId}/runs") { Content = JsonContent.Create(new { epochs = 0 }) };
        start.Headers.Add(UploadEndpoints.RequiredHeader, "1");

        var response = await client.SendAsync(start);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("epochs", await response.Content.ReadAsStringAsync());
        Assert.Empty(_studio.Catalogue.ListRuns(projectId));
    }
}
