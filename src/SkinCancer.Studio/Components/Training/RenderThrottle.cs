namespace SkinCancer.Studio.Web.Components.Training;

/// <summary>
/// Redraws at most once per interval however often data arrives: the first request renders at once, later ones within
/// the interval collapse into a single delayed render. Data is never dropped, only redraws are.
/// </summary>
public sealed class RenderThrottle(TimeSpan interval, Func<Task> render) : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _lock = new();
    private DateTime _lastRender = DateTime.MinValue;
    private bool _pending;

    public void Request()
    {
        TimeSpan wait;
        lock (_lock)
        {
            if (_pending) return;
            wait = interval - (DateTime.UtcNow - _lastRender);
            if (wait <= TimeSpan.Zero) _lastRender = DateTime.UtcNow;
            else _pending = true;
        }
        _ = wait <= TimeSpan.Zero ? render() : RenderLaterAsync(wait);
    }

    private async Task RenderLaterAsync(TimeSpan wait)
    {
        try
        {
            await Task.Delay(wait, _disposed.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        lock (_lock)
        {
            _pending = false;
            _lastRender = DateTime.UtcNow;
        }
        await render();
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
