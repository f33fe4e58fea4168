using System.Net;
using System.Net.Http.Json;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Web.Uploads;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>Uploading classes and queuing runs over HTTP as a script would, and waiting for a run to reach a state.</summary>
internal static class RunRequests
{
    public static async Task UploadClassesAsync(HttpClient http, string projectId, int firstSeed, int count)
    {
        var parts = Enumerable.Range(0, count).Select(i => ($"{(i % 2 == 0 ? "benign" : "malignant")}/img {firstSeed + i}.png", GeneratedImages.Png(firstSeed + i, 64)));
        using var request = StudioFactory.Upload(projectId, StudioFactory.Form(parts.ToArray()));
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static Task<RunRecord> StartRunAsync(HttpClient http, string projectId, int epochs) =>
        StartRunAsync(http, projectId, new { epochs, patience = epochs, augment = false, testTimeAugmentation = false });

    /// <summary>Queues a run with <paramref name="options"/> (training options as JSON; the rest keep their defaults).</summary>
    public static async Task<RunRecord> StartRunAsync(HttpClient http, string projectId, object options)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{projectId}/runs")
        {
            Content = JsonContent.Create(options),
        };
        request.Headers.Add(UploadEndpoints.RequiredHeader, "1");
        var response = await http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<RunRecord>(StudioJson.Options))!;
    }

    public static async Task CancelRunAsync(HttpClient http, string projectId, string runId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{projectId}/runs/{runId}/cancel");
        request.Headers.Add(UploadEndpoints.RequiredHeader, "1");
        var response = await http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    public static async Task WaitForAsync(StudioCatalogue catalogue, string runId, Func<RunStatus, bool> reached)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        RunRecord? run = null;
        while (DateTime.UtcNow < deadline)
        {
            run = catalogue.Runs.Get(runId);
            if (run is not null && reached(run.Status)) return;
            if (run?.Status is RunStatus.Failed or RunStatus.Cancelled) break;
            await Task.Delay(50);
        }
        Assert.Fail($"run {runId} ended as {run?.Status} ({run?.Message})");
    }
}
