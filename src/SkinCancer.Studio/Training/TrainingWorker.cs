using Microsoft.Extensions.Options;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Web.Training;

/// <summary>
/// Drains the training queue outside any browser circuit (closing the tab does not stop a run), training at most
/// <see cref="TrainingWorkerOptions.MaxConcurrentRuns"/> jobs at once: each slot takes the next job only when its
/// previous one has ended, so the rest stay Queued in the channel. Concurrent runs share the ONNX session (its Run is
/// thread-safe), the feature cache and the catalogue (SQLite in WAL mode with a busy timeout; each call opens its own
/// connection). Every epoch is written to the catalogue before it is published, so a page that reattaches finds all of them.
/// </summary>
public sealed class TrainingWorker(
    TrainingQueue queue,
    StudioCatalogue catalogue,
    ProjectFolders folders,
    RunProgressNotifier notifier,
    TrainingPipeline pipeline,
    IOptions<TrainingWorkerOptions> options,
    ILogger<TrainingWorker> logger) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        int interrupted = catalogue.Runs.MarkUnfinishedInterrupted();
        if (interrupted > 0) logger.LogWarning("{Count} run(s) left unfinished by the previous process are marked interrupted", interrupted);
        return base.StartAsync(cancellationToken);
    }

    private const string ShutDownBeforeStart = "the studio was shut down before this run started";

    /// <summary>Runs still waiting in the queue when the studio stops are recorded as interrupted, not left as queued.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        while (queue.Reader.TryRead(out var job))
        {
            End(job, RunStatus.Interrupted, ShutDownBeforeStart);
            queue.Finished(job);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.MaxConcurrentRuns).Select(_ => DrainAsync(stoppingToken)));

    private async Task DrainAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(job, stoppingToken);
            }
            finally
            {
                queue.Finished(job);
            }
        }
    }

    private async Task RunAsync(TrainingJob job, CancellationToken stoppingToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(job.Cancellation.Token, stoppingToken);
        if (linked.IsCancellationRequested)
        {
            // A shutdown is not the user's choice: the run is Interrupted, as after a kill, and can be started again.
            if (stoppingToken.IsCancellationRequested) End(job, RunStatus.Interrupted, ShutDownBeforeStart);
            else End(job, RunStatus.Cancelled, "cancelled before it started");
            return;
        }
        catalogue.Runs.MarkStarted(job.RunId);
        notifier.Publish(new RunStatusChanged(job.ProjectId, job.RunId, RunStatus.Running, null));
        try
        {
            // The catalogue is the list of images: each was read, checked and hashed once, at upload.
            var run = await pipeline.TrainAsync(new CatalogueDataset(catalogue, folders, job.ProjectId), job.Options, folders.Model(job.ProjectId, job.RunId),
                progress => OnProgress(job, progress), linked.Token);
            var outcome = RunOutcome.Of(run);
            End(job, RunStatus.Completed, outcome.Summary, outcome.BestValidationAccuracy, outcome.BestEpoch);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            End(job, RunStatus.Interrupted, "the studio was shut down during this run" + FrozenModelKept(job));
        }
        catch (OperationCanceledException)
        {
            End(job, RunStatus.Cancelled, "cancelled by the user" + FrozenModelKept(job));
        }
        catch (Exception e)
        {
            logger.LogError(e, "Training run {RunId} failed", job.RunId);
            End(job, RunStatus.Failed, e.Message + (FrozenModelKept(job) is { Length: > 0 } kept ? $" (failed{kept})" : ""));
        }
    }

    /// <summary>A run stopped after its fast model was saved (while the augmented views or fine-tuning ran) keeps that model, whole and usable: the message says so.</summary>
    private string FrozenModelKept(TrainingJob job) =>
        catalogue.Runs.Get(job.RunId) is { HasModel: true } ? " after the fast model was saved: that frozen model is kept" : "";

    private void OnProgress(TrainingJob job, RunProgress progress)
    {
        if (progress is FrozenModelSaved saved)
        {
            // Recorded before it is announced: a page that reacts finds the run with its model.
            catalogue.Runs.MarkModelSaved(job.RunId, saved.ValidationAccuracy, saved.BestEpoch);
            notifier.Publish(new RunModelSaved(job.ProjectId, job.RunId));
            return;
        }
        if (progress is EpochMetrics epoch) catalogue.Runs.AddEpoch(job.RunId, epoch);
        if (progress is EpochMetrics || LiveProgress.IsLive(progress)) notifier.Publish(new RunProgressed(job.ProjectId, job.RunId, progress));
    }

    private void End(TrainingJob job, RunStatus status, string? message, double? bestAccuracy = null, int? bestEpoch = null)
    {
        catalogue.Runs.MarkEnded(job.RunId, status, message, bestAccuracy, bestEpoch);
        notifier.Publish(new RunStatusChanged(job.ProjectId, job.RunId, status, message));
    }
}
