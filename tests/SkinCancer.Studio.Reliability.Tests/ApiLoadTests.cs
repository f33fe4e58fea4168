using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Web.Uploads;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>
/// The prediction API of the real process under a bounded load from a second process (`studio bench-api`) on loopback:
/// every request answers 2xx and the server's memory does not keep growing. Speed is reported by the command, not asserted.
/// </summary>
public sealed class ApiLoadTests : IDisposable
{
    /// <summary>Generous: a leak of even a few KB per request would pass it at 400 requests, but not one of an image's tensor (600 KB).</summary>
    private const long MaxGrowthAfterWarmupBytes = 100L * 1024 * 1024;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Four_hundred_predictions_at_concurrency_eight_from_another_process_all_succeed_with_flat_server_memory()
    {
        Directory.CreateDirectory(_folder.Workspace);
        var catalogue = new StudioCatalogue(_folder.Workspace);
        await using var app = await StudioProcess.StartServingAsync(_folder.Workspace);
        using var http = new HttpClient { BaseAddress = new Uri(app.LoopbackUrl) };
        var projectId = catalogue.Projects.Create("under load").Id;
        await UploadAsync(http, projectId, Enumerable.Range(0, 16).Select(i => ($"{(i % 2 == 0 ? "benign" : "malignant")}/{i}.png", GeneratedImages.Png(i, 64))));
        var runId = await TrainAsync(http, catalogue, projectId);
        // Eight images, all sent during the 16 warm-up requests: the measured requests are the steady state (features
        // cached per content), where the server's memory must stay flat.
        var images = Path.Combine(_folder.Path, "bench");
        Directory.CreateDirectory(images);
        for (int i = 0; i < 8; i++) await File.WriteAllBytesAsync(Path.Combine(images, $"{i}.png"), GeneratedImages.Png(1000 + i, 64));

        var (code, output, error) = await RunCliAsync("bench-api", "--url", app.LoopbackUrl, "--project", projectId, "--run", runId, images,
            "--requests", "400", "--concurrency", "8", "--server-pid", app.ProcessId.ToString(), "--json");

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        using var report = JsonDocument.Parse(output);
        var root = report.RootElement;
        Assert.Equal(400, root.GetProperty("requests").GetInt32());
        Assert.Equal(0, root.GetProperty("errors").GetInt32());
        Assert.Equal(0, root.GetProperty("warmupErrors").GetInt32());
        Assert.True(root.GetProperty("requestsPerSecond").GetDouble() > 0);
        long growth = root.GetProperty("serverMemory").GetProperty("growthAfterWarmupBytes").GetInt64();
        Assert.True(growth < MaxGrowthAfterWarmupBytes, $"server RSS grew by {growth / 1048576.0:F1} MB after warm-up:\n{output}");
        Assert.False(app.HasExited);
    }

    private static async Task UploadAsync(HttpClient http, string projectId, IEnumerable<(string Name, byte[] Bytes)> files)
    {
        using var request = StudioFactory.Upload(projectId, StudioFactory.Form(files.ToArray()));
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<string> TrainAsync(HttpClient http, StudioCatalogue catalogue, string projectId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{projectId}/runs")
        {
            Content = JsonContent.Create(new { epochs = 5, hiddenUnits = 16, augment = false, testTimeAugmentation = false }),
        };
        request.Headers.Add(UploadEndpoints.RequiredHeader, "1");
        var response = await http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var run = (await response.Content.ReadFromJsonAsync<RunRecord>(StudioJson.Options))!;

        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (catalogue.Runs.Get(run.Id)!.IsActive && DateTime.UtcNow < deadline) await Task.Delay(100);
        var ended = catalogue.Runs.Get(run.Id)!;
        Assert.True(ended.Status == RunStatus.Completed, $"the run ended as {ended.Status}: {ended.Message}");
        return run.Id;
    }

    private static string CliDll
    {
        get
        {
            var path = typeof(ApiLoadTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "StudioCliPath")?.Value;
            if (path is null || !File.Exists(path)) throw new FileNotFoundException($"the studio CLI's build output was not found at '{path}'");
            return path;
        }
    }

    private async Task<(int Code, string Output, string Error)> RunCliAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _folder.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments.Prepend(CliDll)) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the studio CLI");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output, await error);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("bench-api did not finish within 120 s");
        }
    }
}
