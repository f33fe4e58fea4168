using System.Text.Json;
using Microsoft.Extensions.Options;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Models;
using SkinCancer.Studio.Core.Training;
using SkinCancer.Studio.Training;

namespace SkinCancer.Studio.Endpoints;

/// <summary>
/// Queues a training run for scripts and tests, as the Train tab does. A JSON body of training options replaces the
/// configured defaults; without one the defaults apply. A run can be cancelled the same way. Like uploads, both need the
/// studio header a cross-site form cannot send.
/// </summary>
public static class TrainingEndpoints
{
    public static IEndpointRouteBuilder MapTrainingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/projects/{projectId}/runs", async (string projectId, HttpRequest request, StudioCatalogue catalogue,
            TrainingQueue queue, IOptions<StudioOptions> studio) =>
        {
            if (!request.Headers.ContainsKey(UploadEndpoints.RequiredHeader))
            {
                return Results.Text($"the {UploadEndpoints.RequiredHeader} header is required", statusCode: StatusCodes.Status400BadRequest);
            }
            if (!CatalogueIds.IsValid(projectId) || catalogue.Projects.Get(projectId) is null) return Results.NotFound();
            try
            {
                // A streamed (chunked) JSON body has no Content-Length: HttpClient's JsonContent sends one that way.
                bool hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.HasJsonContentType());
                var options = hasBody
                    ? await JsonSerializer.DeserializeAsync<TrainingOptions>(request.Body, StudioJson.Options, request.HttpContext.RequestAborted)
                    : studio.Value.Training;
                var run = queue.Enqueue(projectId, options ?? studio.Value.Training);
                return Results.Json(run, StudioJson.Compact, statusCode: StatusCodes.Status202Accepted);
            }
            catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
            {
                return Results.Text(e.Message, statusCode: StatusCodes.Status400BadRequest);
            }
        }).DisableAntiforgery();

        // Cancel, as the Train tab's button does: a queued run never starts, a running one stops at its next batch.
        app.MapPost("/api/projects/{projectId}/runs/{runId}/cancel", (string projectId, string runId, HttpRequest request,
            StudioCatalogue catalogue, TrainingQueue queue) =>
        {
            if (!request.Headers.ContainsKey(UploadEndpoints.RequiredHeader))
            {
                return Results.Text($"the {UploadEndpoints.RequiredHeader} header is required", statusCode: StatusCodes.Status400BadRequest);
            }
            if (!CatalogueIds.IsValid(projectId) || catalogue.Runs.Get(runId) is not { } run || run.ProjectId != projectId) return Results.NotFound();
            return queue.Cancel(runId) ? Results.Accepted() : Results.Conflict($"the run is {run.Status.ToString().ToLowerInvariant()}, not active");
        }).DisableAntiforgery();
        return app;
    }
}
