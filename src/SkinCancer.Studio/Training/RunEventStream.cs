using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Core.Training;
using SkinCancer.Studio.Web.Serving;

namespace SkinCancer.Studio.Web.Training;

/// <summary>A run's status change as an event: the status, and the message it ended with.</summary>
public sealed record RunStatusEvent(string RunId, RunStatus Status, string? Message);

/// <summary>
/// A run's live progress without Blazor, as server-sent events from the notifier the Train tab listens to. The first
/// event ("run") is the run as it is now (<see cref="RunDetails"/>: status, every epoch so far, the latest featurization
/// progress), so a client that attaches late or reattaches has the whole picture; then come "status", "featurization",
/// "epoch", "fine-tuning", "fine-tuning-plan" and "model" (the frozen model is saved and usable) events as they happen,
/// and the stream ends after the run ends. An epoch
/// that ends while the client attaches can arrive twice (in "run" and as "epoch"): epochs are keyed by their number.
/// </summary>
public static class RunEventStream
{
    public static async IAsyncEnumerable<SseItem<object>> FollowAsync(RunRecord run, StudioCatalogue catalogue, RunProgressNotifier notifier,
        RunModels models, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var events = Channel.CreateUnbounded<RunEvent>(new UnboundedChannelOptions { SingleReader = true });
        // Subscribed before the catalogue is read, as the Train tab does: nothing that happens in between is lost.
        using var subscription = notifier.Subscribe(run.ProjectId, e =>
        {
            if (e.RunId == run.Id) events.Writer.TryWrite(e);
        });
        var now = catalogue.Runs.Get(run.Id) ?? run;
        yield return new SseItem<object>(RunDetails.Of(now, catalogue, notifier, models), "run");
        if (!now.IsActive) yield break;

        await foreach (var runEvent in events.Reader.ReadAllAsync(cancellationToken))
        {
            switch (runEvent)
            {
                case RunStatusChanged status:
                    yield return new SseItem<object>(new RunStatusEvent(run.Id, status.Status, status.Message), "status");
                    if (status.Status is not (RunStatus.Queued or RunStatus.Running)) yield break;
                    break;
                case RunProgressed progressed:
                    yield return new SseItem<object>(progressed.Progress, EventType(progressed.Progress));
                    break;
                case RunModelSaved when catalogue.Runs.Get(run.Id) is { } saved:
                    // The frozen model saved before fine-tuning: predict, evaluate and download work from now on.
                    yield return new SseItem<object>(saved, "model");
                    break;
            }
        }
    }

    public static string EventType(RunProgress progress) => progress switch
    {
        FeaturizationProgress => "featurization",
        EpochMetrics => "epoch",
        FineTuningProgress => "fine-tuning",
        FineTuningPlan => "fine-tuning-plan",
        _ => "progress",
    };
}
