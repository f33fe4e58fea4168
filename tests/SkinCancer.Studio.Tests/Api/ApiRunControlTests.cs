using System.Net;

namespace SkinCancer.Studio.Tests.Api;

/// <summary>A run cancelled over the API while a client follows it: the stream reports it and ends, as the Train tab would show it.</summary>
public sealed class ApiRunControlTests : ApiStudioTest
{
    [Fact]
    public async Task A_run_cancelled_mid_way_ends_its_event_stream_as_cancelled()
    {
        var (api, _) = await ProjectWithShapesAsync("long run", perClass: 4);
        // Slow on purpose: many epochs of one image per step through a wide layer, and no early stop.
        var runId = (await Studio.JsonAsync(HttpMethod.Post, $"{api}/runs", HttpStatusCode.Accepted,
            new { epochs = 5000, patience = 5000, batchSize = 1, hiddenUnits = 2048, augment = false }, uploadHeader: true)).GetProperty("id").GetString()!;

        bool cancelled = false;
        var events = await Studio.EventsAsync($"{api}/runs/{runId}/events", TimeSpan.FromMinutes(3), async (type, _) =>
        {
            if (type != "epoch" || cancelled) return;
            cancelled = true;
            var accepted = await Studio.JsonAsync(HttpMethod.Post, $"{api}/runs/{runId}/cancel", HttpStatusCode.Accepted);
            Assert.Equal("running", accepted.GetProperty("status").GetString());
        });

        Assert.True(cancelled, "no epoch arrived before the stream ended");
        Assert.Equal("cancelled", events[^1].Data.GetProperty("status").GetString());
        Assert.Equal("cancelled", (await Studio.JsonAsync(HttpMethod.Get, $"{api}/runs/{runId}", HttpStatusCode.OK)).GetProperty("run").GetProperty("status").GetString());
        Assert.Contains("already ended (cancelled)", await Studio.ProblemAsync(HttpMethod.Post, $"{api}/runs/{runId}/cancel", HttpStatusCode.Conflict));
        Assert.Contains("only a completed run has a model", await Studio.ProblemAsync(HttpMethod.Post, $"{api}/runs/{runId}/predict", HttpStatusCode.Conflict,
            ApiStudio.Files([("a.png", SyntheticImages.Png(SyntheticImages.Solid(8, 8, new SixLabors.ImageSharp.PixelFormats.Rgb24(1, 2, 3))))])));
    }
}
