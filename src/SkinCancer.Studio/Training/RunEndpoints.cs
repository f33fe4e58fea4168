using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SkinCancer.Studio.Web.Api;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Training;
using SkinCancer.Studio.Web.Serving;
using SkinCancer.Studio.Web.Uploads;

namespace SkinCancer.Studio.Web.Training;

/// <summary>
/// Training runs over HTTP, through the same queue, worker and notifier as the Train tab: start one with options, list
/// them, read one, cancel it, and follow it live as server-sent events.
/// </summary>
public static class RunEndpoints
{
    public static RouteGroupBuilder MapRunListEndpoints(this RouteGroupBuilder runs)
    {
        runs.MapGet("", (string projectId, StudioCatalogue catalogue) => TypedResults.Ok(catalogue.Runs.List(projectId)))
            .WithName("ListRuns").WithSummary("The project's runs, newest first");

        runs.MapPost("", Results<Accepted<RunRecord>, ProblemHttpResult> (string projectId, TrainingOptions? options, TrainingQueue queue,
                IOptions<StudioOptions> studio) =>
            {
                try
                {
                    var run = queue.Enqueue(projectId, options ?? studio.Value.Training);
                    return TypedResults.Accepted($"/api/projects/{projectId}/runs/{run.Id}", run);
                }
                catch (ArgumentException e)
                {
                    return TypedResults.Problem($"invalid training options: {e.Message}", statusCode: StatusCodes.Status400BadRequest);
                }
            })
            .WithName("StartRun")
            .WithSummary("Queue a training run")
            .WithDescription("The body is the training options (every option of the Train tab's panel and the CLI, fine-tuning included); " +
                             "an option left out takes the studio's configured default (Studio:Training), and no body at all trains with the defaults. " +
                             "An unknown option name or an out-of-range value is a 400 problem that names it. Needs the X-Studio-Upload header.")
            .AddEndpointFilter<UploadHeaderFilter>()
            .WithJsonBody();
        return runs;
    }

    public static RouteGroupBuilder MapRunEndpoints(this RouteGroupBuilder run)
    {
        run.MapGet("", (string runId, StudioCatalogue catalogue, RunProgressNotifier notifier, RunModels models) =>
                TypedResults.Ok(RunDetails.Of(catalogue.Runs.Get(runId)!, catalogue, notifier, models)))
            .WithName("GetRun").WithSummary("A run: status, options, per-epoch metrics, and its model's threshold and fine-tuning");

        run.MapPost("/cancel", Results<Accepted<RunRecord>, ProblemHttpResult> (string runId, StudioCatalogue catalogue, TrainingQueue queue) =>
            {
                var record = catalogue.Runs.Get(runId)!;
                if (!record.IsActive || !queue.Cancel(runId))
                {
                    return TypedResults.Problem($"the run has already ended ({record.Status.ToString().ToLowerInvariant()})", statusCode: StatusCodes.Status409Conflict);
                }
                return TypedResults.Accepted($"/api/projects/{record.ProjectId}/runs/{runId}", record);
            })
            .WithName("CancelRun").WithSummary("Ask a queued or running run to stop; it ends as cancelled")
            .ProducesProblem(StatusCodes.Status409Conflict);

        run.MapGet("/events", (string runId, StudioCatalogue catalogue, RunProgressNotifier notifier, RunModels models, CancellationToken cancellationToken) =>
                TypedResults.ServerSentEvents(RunEventStream.FollowAsync(catalogue.Runs.Get(runId)!, catalogue, notifier, models, cancellationToken)))
            .WithName("FollowRun")
            .WithSummary("Follow a run live as server-sent events (text/event-stream)")
            .WithDescription("First a 'run' event with the run as it is now (GetRun's body), then 'status', 'featurization', 'epoch', " +
                             "'fine-tuning' and 'fine-tuning-plan' events as they happen; the stream ends once the run has ended. " +
                             "Reattaching starts again with the current state.");
        return run;
    }
}
