using SkinCancer.Studio.Core.Catalogue;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>Issue #14, defect 10: SIGTERM interrupts the running run and every queued one alike, as a kill does.</summary>
public sealed class ShutdownTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Sigterm_marks_the_running_and_the_queued_runs_interrupted()
    {
        Directory.CreateDirectory(_folder.Workspace);
        var catalogue = new StudioCatalogue(_folder.Workspace);
        var projectId = catalogue.Projects.Create("shut down").Id;
        await using var app = StudioProcess.Start("127.0.0.1", _folder.Workspace, "--Studio:Training:MaxConcurrentRuns", "1");
        await app.WaitUntilServingAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.LoopbackUrl) };
        await RunRequests.UploadClassesAsync(http, projectId, firstSeed: 0, count: 32);
        var running = await RunRequests.StartRunAsync(http, projectId, epochs: 10_000);
        var queued = await RunRequests.StartRunAsync(http, projectId, epochs: 2);
        await RunRequests.WaitForAsync(catalogue, running.Id, s => s is RunStatus.Running);
        Assert.Equal(RunStatus.Queued, catalogue.Runs.Get(queued.Id)!.Status);

        await app.TerminateAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(RunStatus.Interrupted, catalogue.Runs.Get(running.Id)!.Status);
        var waiting = catalogue.Runs.Get(queued.Id)!;
        Assert.Equal(RunStatus.Interrupted, waiting.Status);
        Assert.Contains("shut down", waiting.Message);
    }
}
