namespace SkinCancer.Studio.Core.Pipeline;

/// <summary>
/// An IProgress that reports on the caller's thread. The BCL's Progress&lt;T&gt; posts to the thread pool, which can
/// reorder reports and deliver them after the work has finished.
/// </summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
