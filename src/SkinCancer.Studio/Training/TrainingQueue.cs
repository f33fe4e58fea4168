using System.Collections.Concurrent;
using System.Threading.Channels;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Web.Training;

public sealed record TrainingJob(string ProjectId, string RunId, TrainingOptions Options, CancellationTokenSource Cancellation);

/// <summary>
/// Training requests waiting for the worker. A run is recorded as queued when it is enqueued, so it is listed (and
/// cancellable) before it starts, and it survives in the catalogue even if the process stops first. The worker reads
/// it from one loop per concurrent-run slot, hence several readers.
/// </summary>
public sealed class TrainingQueue(StudioCatalogue catalogue, RunProgressNotifier notifier)
{
    private readonly Channel<TrainingJob> _channel = Channel.CreateUnbounded<TrainingJob>(new UnboundedChannelOptions { SingleReader = false });
    private readonly ConcurrentDictionary<string, TrainingJob> _active = new();

    public ChannelReader<TrainingJob> Reader => _channel.Reader;

    public RunRecord Enqueue(string projectId, TrainingOptions options)
    {
        options.Validate();
        var labels = catalogue.Images.List(projectId).Select(i => i.Label).Distinct().Order(StringComparer.Ordinal).ToArray();
        var run = catalogue.Runs.Create(projectId, options, labels, catalogue.Images.Count(projectId));
        var job = new TrainingJob(projectId, run.Id, options, new CancellationTokenSource());
        _active[run.Id] = job;
        // Before the job is visible to the worker: an idle slot would otherwise announce Running before Queued.
        notifier.Publish(new RunStatusChanged(projectId, run.Id, RunStatus.Queued, null));
        if (!_channel.Writer.TryWrite(job)) throw new InvalidOperationException("the training queue is closed");
        return run;
    }

    /// <summary>Asks a queued or running job to stop; the worker records it as cancelled.</summary>
    public bool Cancel(string runId)
    {
        if (!_active.TryGetValue(runId, out var job)) return false;
        job.Cancellation.Cancel();
        return true;
    }

    public void CancelProject(string projectId)
    {
        foreach (var job in _active.Values.Where(j => j.ProjectId == projectId)) job.Cancellation.Cancel();
    }

    internal void Finished(TrainingJob job)
    {
        _active.TryRemove(job.RunId, out _);
        job.Cancellation.Dispose();
    }
}
