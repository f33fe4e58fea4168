using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Training;
using SkinCancer.Studio.Web.Training;

namespace SkinCancer.Studio.Tests;

/// <summary>The queue, the background worker and the notifier together, in process; no run here reaches the backbone.</summary>
public sealed class TrainingWorkerTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();
    private readonly WebApplicationFactory<Program> _factory;

    public TrainingWorkerTests()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Studio:Workspace", _workspace.Path));
        _ = _factory.Server;
    }

    public void Dispose()
    {
        _factory.Dispose();
        _workspace.Dispose();
    }

    private T Service<T>() where T : notnull => _factory.Services.GetRequiredService<T>();

    private string ProjectWithOneClass()
    {
        var projectId = Service<StudioCatalogue>().Projects.Create("one class").Id;
        var ingest = new ImageIngest(Service<StudioCatalogue>(), Service<ProjectFolders>(), new StudioLimits());
        for (int i = 0; i < 3; i++)
        {
            var staged = GeneratedImages.Png(Path.Combine(_workspace.Path, "upload", $"{i}.png"), i);
            ingest.Add(projectId, staged, UploadPath.Parse($"benign/{i}.png").Path!);
        }
        return projectId;
    }

    private static async Task<RunStatusChanged> EndOf(List<RunEvent> events, string runId)
    {
        for (int i = 0; i < 300; i++)
        {
            lock (events)
            {
                if (events.OfType<RunStatusChanged>().FirstOrDefault(e => e.RunId == runId && e.Status is not (RunStatus.Queued or RunStatus.Running)) is { } end)
                {
                    return end;
                }
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("the run did not end");
    }

    [Fact]
    public async Task A_run_that_cannot_train_ends_as_failed_with_its_message_and_subscribers_see_every_status()
    {
        var projectId = ProjectWithOneClass();
        var events = new List<RunEvent>();
        using var subscription = Service<RunProgressNotifier>().Subscribe(projectId, e => { lock (events) events.Add(e); });

        var run = Service<TrainingQueue>().Enqueue(projectId, new TrainingOptions());
        var end = await EndOf(events, run.Id);

        Assert.Equal(RunStatus.Failed, end.Status);
        Assert.Contains("only one class", end.Message);
        var stored = Service<StudioCatalogue>().Runs.Get(run.Id)!;
        Assert.Equal((RunStatus.Failed, end.Message), (stored.Status, stored.Message));
        lock (events)
        {
            Assert.Equal([RunStatus.Queued, RunStatus.Running, RunStatus.Failed], events.OfType<RunStatusChanged>().Select(e => e.Status));
        }
    }

    [Fact]
    public async Task Events_of_other_projects_are_not_delivered_and_a_disposed_subscription_gets_nothing()
    {
        var notifier = Service<RunProgressNotifier>();
        var received = new List<RunEvent>();
        var subscription = notifier.Subscribe("a", received.Add);

        notifier.Publish(new RunStatusChanged("b", "r1", RunStatus.Running, null));
        notifier.Publish(new RunStatusChanged("a", "r2", RunStatus.Running, null));
        subscription.Dispose();
        notifier.Publish(new RunStatusChanged("a", "r2", RunStatus.Completed, null));

        var only = Assert.Single(received);
        Assert.Equal("r2", only.RunId);
        await Task.CompletedTask;
    }

    [Fact]
    public void Invalid_settings_are_refused_before_a_run_is_recorded()
    {
        var projectId = ProjectWithOneClass();

        Assert.Throws<ArgumentException>(() => Service<TrainingQueue>().Enqueue(projectId, new TrainingOptions { Epochs = 0 }));
        Assert.Empty(Service<StudioCatalogue>().Runs.List(projectId));
    }
}
