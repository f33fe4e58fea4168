using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Models;
using SkinCancer.Studio.Uploads;

namespace SkinCancer.Studio.Endpoints;

/// <summary>
/// Files arrive over plain HTTP in batches, not through the SignalR circuit. The custom header makes a cross-site form
/// post impossible (a browser must ask first, and no CORS policy allows it).
/// </summary>
public static class UploadEndpoints
{
    public const string RequiredHeader = "X-Studio-Upload";

    public static IEndpointRouteBuilder MapUploadEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/projects/{projectId}/images", async (string projectId, HttpRequest request, StudioCatalogue catalogue,
            ProjectFolders folders, ImageIngest ingest, UploadReceiver receiver) =>
        {
            if (Refuse(request, catalogue, projectId) is { } refusal) return refusal;
            return await ReceiveAsync(request, receiver, folders.Staging(projectId), (staged, path) => ingest.Add(projectId, staged, path));
        }).DisableAntiforgery();

        app.MapPost("/api/projects/{projectId}/testsets/{testSetId}", async (string projectId, string testSetId, HttpRequest request,
            StudioCatalogue catalogue, ProjectFolders folders, TestSetFiles testSets, UploadReceiver receiver) =>
        {
            if (Refuse(request, catalogue, projectId) is { } refusal) return refusal;
            if (!CatalogueIds.IsValid(testSetId)) return Results.NotFound();
            return await ReceiveAsync(request, receiver, folders.Staging(projectId), (staged, path) => testSets.Add(projectId, testSetId, staged, path));
        }).DisableAntiforgery();
        return app;
    }

    private static IResult? Refuse(HttpRequest request, StudioCatalogue catalogue, string projectId)
    {
        if (!request.Headers.ContainsKey(RequiredHeader)) return Results.BadRequest($"the {RequiredHeader} header is required");
        if (!request.HasFormContentType) return Results.BadRequest("expected a multipart/form-data upload");
        return catalogue.GetProject(projectId) is null ? Results.NotFound() : null;
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, UploadReceiver receiver, string staging, Func<string, UploadPath, IngestOutcome> sink)
    {
        try
        {
            var result = await receiver.ReceiveAsync(request, staging, sink);
            return Results.Json(result, StudioJson.Compact);
        }
        catch (UploadLimitException e)
        {
            return Results.Text(e.Message, statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        catch (BadHttpRequestException e)
        {
            return Results.Text(e.Message, statusCode: e.StatusCode);
        }
    }
}
