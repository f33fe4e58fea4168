using System.Collections.Concurrent;

namespace SkinCancer.Studio.Web.Training;

/// <summary>
/// The one in-process channel from training jobs to pages. Subscribers get every event of their project, on the
/// worker's thread: they must marshal with InvokeAsync and return quickly. When runs train side by side, two runs of
/// one project may call the same handler at once from different threads. The latest <see cref="LiveProgress"/> of each
/// active run (featurization, fine-tuning plan and bar) is kept so a page that reopens mid-run shows it at once (epochs
/// are read back from the catalogue).
/// </summary>
public sealed class RunProgressNotifier
{
    private readonly ConcurrentDictionary<Guid, (string ProjectId, Action<RunEvent> Handler)> _subscribers = new();
    private readonly ConcurrentDictionary<string, LiveProgress> _live = new();

    public IDisposable Subscribe(string projectId, Action<RunEvent> handler)
    {
        var key = Guid.NewGuid();
        _subscribers[key] = (projectId, handler);
        return new Subscription(() => _subscribers.TryRemove(key, out _));
    }

    public LiveProgress Latest(string runId) => _live.GetValueOrDefault(runId) ?? LiveProgress.Empty;

    public void Publish(RunEvent runEvent)
    {
        switch (runEvent)
        {
            case RunProgressed { Progress: var progress } when LiveProgress.IsLive(progress):
                _live.AddOrUpdate(runEvent.RunId, _ => LiveProgress.Empty.With(progress), (_, live) => live.With(progress));
                break;
            case RunStatusChanged:
                _live.TryRemove(runEvent.RunId, out _);
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
