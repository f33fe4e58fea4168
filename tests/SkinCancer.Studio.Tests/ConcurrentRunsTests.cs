using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Training;
using SkinCancer.Studio.Web.Training;

namespace SkinCancer.Studio.Tests;

/// <summary>
/// Two projects training through the real worker and backbone, side by side or one after the other as
/// Studio:Training:MaxConcurrentRuns says. Images are tiny and few so that each test takes seconds.
/// </summary>
public sealed class ConcurrentRunsTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    /// <summary>How long a run held mid-way waits for the other; it fails the test, not hangs it, when runs do not overlap.</summary>
    private static readonly TimeSpan Rendezvous = TimeSpan.FromSeconds(30);

    private readonly TempWorkspace _workspace = new();
    private WebApplicationFactory<Program>? _factory;

    public void Dispose()
    {
        _factory?.Dispose();
        _workspace.Dispose();
    }

    private void StartStudio(int maxConcurrentRuns)
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("Studio:Workspace", _workspace.Path)
            .UseSetting("Studio:Training:MaxConcurrentRuns", maxConcurrentRuns.ToString()));
        _ = _factory.Server;
    }

    private T Service<T>() where T : notnull => _factory!.Services.GetRequiredService<T>();

    /// <summary>Six images per class; projects whose seeds overlap share feature-cache entries, written concurrently.</summary>
    private string ProjectWithTwoClasses(string name, int firstSeed)
    {
        var projectId = Service<StudioCatalogue>().Projects.Create(name).Id;
        var ingest = new ImageIngest(Service<StudioCatalogue>(), Service<ProjectFolders>(), new StudioLimits());
        for (int i = 0; i < 12; i++)
        {
            int seed = firstSeed + i;
            var label = i % 2 == 0 ? "benign" : "malignant";
            var staged = GeneratedImages.Png(Path.Combine(_workspace.Path, "upload", name, $"{seed}.png"), seed);
            ingest.Add(projectId, staged, UploadPath.Parse($"{label}/{seed}.png").Path!);
        }
        return projectId;
    }

    /// <summary>Distinct learning rates make each run's epochs recognisable wherever they end up.</summary>
    private static TrainingOptions Options(int epochs, double learningRate) => new()
    {
        Epochs = epochs,
        Patience = epochs,
        LearningRate = learningRate,
        HiddenUnits = 8,
        Augment = false,
        TestTimeAugmentation = false,
    };

    [Fact]
    public async Task With_two_slots_two_projects_train_at_the_same_time_and_each_sees_only_its_own_run()
    {
        StartStudio(maxConcurrentRuns: 2);
        var catalogue = Service<StudioCatalogue>();
        var notifier = Service<RunProgressNotifier>();
        var projectA = ProjectWithTwoClasses("a", firstSeed: 0);
        var projectB = ProjectWithTwoClasses("b", firstSeed: 6);
        var log = new EventLog();
        bool bothRunningInCatalogue = false;
        int metAtBarrier = 0;
        // Each run's first progress event waits (on the worker's thread, mid-run) for the other's: passing the
        // barrier proves both were running at once. The catalogue is read while both are still held.
        using var barrier = new Barrier(2, _ => bothRunningInCatalogue =
            catalogue.Runs.List(projectA).Single().Status == RunStatus.Running && catalogue.Runs.List(projectB).Single().Status == RunStatus.Running);
        using var subscriptionA = notifier.Subscribe(projectA, e => OnEvent(e, projectA));
        using var subscriptionB = notifier.Subscribe(projectB, e => OnEvent(e, projectB));

        void OnEvent(RunEvent e, string subscribedTo)
        {
            bool first = log.Add(subscribedTo, e);
            if (first && e is RunProgressed && barrier.SignalAndWait(Rendezvous)) Interlocked.Increment(ref metAtBarrier);
        }

        var runA = Service<TrainingQueue>().Enqueue(projectA, Options(epochs: 3, learningRate: 1e-3)).Id;
        var runB = Service<TrainingQueue>().Enqueue(projectB, Options(epochs: 5, learningRate: 2e-3)).Id;
        await log.WaitForEndAsync(runA);
        await log.WaitForEndAsync(runB);

        Assert.Equal(2, metAtBarrier);
        Assert.True(bothRunningInCatalogue, "both runs are Running in the catalogue at the same moment");
        Assert.Equal(RunStatus.Completed, catalogue.Runs.Get(runA)!.Status);
        Assert.Equal(RunStatus.Completed, catalogue.Runs.Get(runB)!.Status);
        AssertOwnEventsOnly(log, projectA, runA, epochs: 3, learningRate: 1e-3, catalogue);
        AssertOwnEventsOnly(log, projectB, runB, epochs: 5, learningRate: 2e-3, catalogue);
    }

    [Fact]
    public async Task With_one_slot_the_second_run_stays_queued_until_the_first_ends_then_completes()
    {
        StartStudio(maxConcurrentRuns: 1);
        var catalogue = Service<StudioCatalogue>();
        var notifier = Service<RunProgressNotifier>();
        var projectA = ProjectWithTwoClasses("a", firstSeed: 0);
        var projectB = ProjectWithTwoClasses("b", firstSeed: 6);
        var log = new EventLog();
        using var bQueued = new ManualResetEventSlim();
        RunStatus? bWhileAWasRunning = null;
        using var subscriptionA = notifier.Subscribe(projectA, e =>
        {
            // Mid-run, once the second run is surely in the queue: it must still be waiting for the only slot.
            if (log.Add(projectA, e) && e is RunProgressed && bQueued.Wait(Rendezvous)) bWhileAWasRunning = catalogue.Runs.List(projectB).Single().Status;
        });
        using var subscriptionB = notifier.Subscribe(projectB, e =>
        {
            log.Add(projectB, e);
            if (e is RunStatusChanged { Status: RunStatus.Queued }) bQueued.Set();
        });

        var runA = Service<TrainingQueue>().Enqueue(projectA, Options(epochs: 3, learningRate: 1e-3)).Id;
        var runB = Service<TrainingQueue>().Enqueue(projectB, Options(epochs: 4, learningRate: 2e-3)).Id;
        await log.WaitForEndAsync(runA);
        await log.WaitForEndAsync(runB);

        Assert.Equal(RunStatus.Queued, bWhileAWasRunning);
        Assert.True(log.IndexOf(runA, RunStatus.Completed) < log.IndexOf(runB, RunStatus.Running), "the second run starts after the first has ended");
        Assert.Equal(RunStatus.Completed, catalogue.Runs.Get(runB)!.Status);
        AssertOwnEventsOnly(log, projectA, runA, epochs: 3, learningRate: 1e-3, catalogue);
        AssertOwnEventsOnly(log, projectB, runB, epochs: 4, learningRate: 2e-3, catalogue);
    }

    private static void AssertOwnEventsOnly(EventLog log, string projectId, string runId, int epochs, double learningRate, StudioCatalogue catalogue)
    {
        var received = log.ReceivedBy(projectId);
        Assert.All(received, e => Assert.Equal((projectId, runId), (e.ProjectId, e.RunId)));
        Assert.Equal([RunStatus.Queued, RunStatus.Running, RunStatus.Completed], received.OfType<RunStatusChanged>().Select(e => e.Status));

        var published = received.OfType<RunProgressed>().Select(e => e.Progress).OfType<EpochMetrics>().ToArray();
        var stored = catalogue.Runs.ListEpochs(runId);
        Assert.Equal(Enumerable.Range(1, epochs), published.Select(e => e.Epoch));
        Assert.All(stored, e => Assert.Equal(learningRate, e.LearningRate));
        Assert.Equal(published.Select(e => (e.Epoch, e.TrainLoss, e.ValidationLoss)), stored.Select(e => (e.Epoch, e.TrainLoss, e.ValidationLoss)));
    }

    /// <summary>Every event each subscriber received, in one order across both, for "which came first" questions.</summary>
    private sealed class EventLog
    {
        private readonly List<(string SubscribedTo, RunEvent Event)> _events = [];

        /// <summary>Records the event; true when it is the first progress event of its run.</summary>
        public bool Add(string subscribedTo, RunEvent runEvent)
        {
            lock (_events)
            {
                bool first = runEvent is RunProgressed && !_events.Any(e => e.Event is RunProgressed && e.Event.RunId == runEvent.RunId);
                _events.Add((subscribedTo, runEvent));
                return first;
            }
        }

        public IReadOnlyList<RunEvent> ReceivedBy(string projectId)
        {
            lock (_events) return _events.Where(e => e.SubscribedTo == projectId).Select(e => e.Event).ToArray();
        }

        public int IndexOf(string runId, RunStatus status)
        {
            lock (_events) return _events.FindIndex(e => e.Event is RunStatusChanged s && s.RunId == runId && s.Status == status);
        }

        public async Task WaitForEndAsync(string runId)
        {
            var deadline = DateTime.UtcNow + Patience;
            while (DateTime.UtcNow < deadline)
            {
                lock (_events)
                {
                    if (_events.Any(e => e.Event is RunStatusChanged s && s.RunId == runId && s.Status is not (RunStatus.Queued or RunStatus.Running)))
                    {
                        return;
                    }
                }
                await Task.Delay(50);
            }
            throw new TimeoutException($"run {runId} did not end within {Patience.TotalSeconds} s");
        }
    }
}
