using System.Collections.Concurrent;
using SkinCancer.Studio.Core.Features;

namespace SkinCancer.Studio.Training;

/// <summary>
/// The one in-process channel from training jobs to pages. Subscribers get every event of their project, on the
/// worker's thread: they must marshal with InvokeAsync and return quickly. When runs train side by side, two runs of
/// one project may call the same handler at once from different threads. The latest featurization progress of each
/// active run is kept so a page that reopens mid-run shows it at once (epochs are read back from the catalogue).
/// </summary>
public sealed class RunProgressNotifier
{
    private readonly ConcurrentDictionary<Guid, (string ProjectId, Action<RunEvent> Handler)> _subscribers = new();
    private readonly ConcurrentDictionary<string, FeaturizationProgress> _featurization = new();

    public IDisposable Subscribe(string projectId, Action<RunEvent> handler)
    {
        var key = Guid.NewGuid();
        _subscribers[key] = (projectId, handler);
        return new Subscription(() => _subscribers.TryRemove(key, out _));
    }

    public FeaturizationProgress? LatestFeaturization(string runId) => _featurization.GetValueOrDefault(runId);

    public void Publish(RunEvent runEvent)
    {
        switch (runEvent)
        {
            case RunProgressed { Progress: FeaturizationProgress f }:
                _featurization[runEvent.RunId] = f;
                break;
            case RunStatusChanged:
                _featurization.TryRemove(runEvent.RunId, out _);
                break;
        }
        foreach (var (projectId, handler) in _subscribers.Values)
        {
            if (projectId == runEvent.ProjectId) handler(runEvent);
        }
    }

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        private Action? _unsubscribe = unsubscribe;

        public void Dispose() => Interlocked.Exchange(ref _unsubscribe, null)?.Invoke();
    }
}
