using System.IO.Compression;
using System.Net;
using Xunit.Abstractions;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>
/// Issue #14, defect 9, against the real process: sixteen concurrent downloads of a run's ONNX export (the whole
/// network, tens of MB) are streamed from one cached zip file, so the server's memory stays flat.
/// </summary>
[Collection(TrainedStudio.Collection)]
public sealed class ExportMemoryTests(TrainedStudio studio, ITestOutputHelper output)
{
    private const int Downloads = 16;

    [Fact]
    public async Task Sixteen_concurrent_export_downloads_leave_the_server_memory_flat()
    {
        using var http = studio.Client();
        var url = $"/api/projects/{studio.ProjectId}/runs/{studio.RunId}/export/onnx.zip";
        var first = await http.GetByteArrayAsync(url);
        await Task.Delay(500);
        long baseline = RssBytes(studio.App.ProcessId);

        long peak = baseline;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, RssBytes(studio.App.ProcessId));
                await Task.Delay(10);
            }
        });
        var zips = await Task.WhenAll(Enumerable.Range(0, Downloads).Select(_ => http.GetByteArrayAsync(url)));
        await stop.CancelAsync();
        await sampler;

        Assert.True(first.Length > 20_000_000, $"the export is only {first.Length:N0} bytes");
        Assert.All(zips, z => Assert.Equal(first, z));
        using (var archive = new ZipArchive(new MemoryStream(first))) Assert.Contains(archive.Entries, e => e.Name.EndsWith(".onnx"));
        long growth = peak - baseline;
        var measured = $"server RSS grew by {growth / 1024 / 1024} MB (from {baseline / 1024 / 1024} MB) during {Downloads} downloads of {first.Length / 1024 / 1024} MB";
        output.WriteLine(measured);
        Assert.True(growth < 150L * 1024 * 1024, measured);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/projects/{studio.ProjectId}/runs/{studio.RunId}/model.zip")).StatusCode);
    }

    private static long RssBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:"));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }
}
