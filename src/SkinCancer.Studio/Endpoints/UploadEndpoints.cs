using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Models;
using SkinCancer.Studio.Uploads;

namespace SkinCancer.Studio.Endpoints;

/// <summary>
/// Files arrive over plain HTTP in batches, not through the SignalR circuit. The custom header makes a cross-site form
/// post impossible (a browser must ask first, and no CORS policy allows it). Going over a configured limit (request bytes,
/// files per request with zip entries counted, bytes of a lone file, bytes unpacked per request or kept per project, images
/// or test-set files per project) is a 413 with a plain-text reason; nothing of the request is stored and nothing stored is
/// touched. A body that is not readable multipart is a 400 with the reason, and nothing of it is stored either.
/// </summary>
public static class UploadEndpoints
{
    public const string RequiredHeader = "X-Studio-Upload";

    public static IEndpointRouteBuilder MapUploadEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/projects/{projectId}/images", async (string projectId, HttpRequest request, StudioCatalogue catalogue,
            ProjectFolders folders, ImageIngest ingest, UploadReceiver receiver, StudioLimits limits) =>
        {
            if (Refuse(request, catalogue, projectId, limits) is { } refusal) return refusal;
            if (catalogue.Images.Count(projectId) >= limits.MaxImagesPerProject)
            {
                return TooLarge($"the project already holds {limits.MaxImagesPerProject:N0} images, the configured limit (Studio:Limits:MaxImagesPerProject)");
            }
            return await ReceiveAsync(request, receiver, folders, projectId, limits, (staged, path) => ingest.Add(projectId, staged, path));
        }).DisableAntiforgery();

        app.MapPost("/api/projects/{projectId}/testsets/{testSetId}", async (string projectId, string testSetId, HttpRequest request,
            StudioCatalogue catalogue, ProjectFolders folders, TestSetFiles testSets, UploadReceiver receiver, StudioLimits limits) =>
        {
            if (Refuse(request, catalogue, projectId, limits) is { } refusal) return refusal;
            if (!CatalogueIds.IsValid(testSetId)) return Results.NotFound();
            int stored = testSets.CountFiles(projectId);
            if (stored >= limits.MaxImagesPerProject) return TooLarge(TestSetsFull(limits));
            return await ReceiveAsync(request, receiver, folders, projectId, limits, (staged, path) =>
            {
                if (stored >= limits.MaxImagesPerProject)
                {
                    File.Delete(staged);
                    return new IngestOutcome(path.RelativePath, IngestStatus.Skipped, path.Label, TestSetsFull(limits));
                }
                stored++;
                return testSets.Add(projectId, testSetId, staged, path);
            });
        }).DisableAntiforgery();
        return app;
    }

    private static IResult? Refuse(HttpRequest request, StudioCatalogue catalogue, string projectId, StudioLimits limits)
    {
        if (!request.Headers.ContainsKey(RequiredHeader)) return Results.Text($"the {RequiredHeader} header is required", statusCode: StatusCodes.Status400BadRequest);
        if (!request.HasFormContentType) return Results.Text("expected a multipart/form-data upload", statusCode: StatusCodes.Status400BadRequest);
        if (!CatalogueIds.IsValid(projectId) || catalogue.Projects.Get(projectId) is null) return Results.NotFound();
        // A declared length over the limit is refused before a byte is read; a chunked body is cut off by the server limit.
        return request.ContentLength > limits.MaxUploadBytes
            ? TooLarge($"the upload is {request.ContentLength:N0} bytes, over the {limits.MaxUploadBytes:N0}-byte limit (Studio:Limits:MaxUploadBytes)")
            : null;
    }

    private static IResult TooLarge(string message) => Results.Text(message, statusCode: StatusCodes.Status413PayloadTooLarge);

    private static string TestSetsFull(StudioLimits limits) =>
        $"the project's test sets already hold {limits.MaxImagesPerProject:N0} files, the configured limit (Studio:Limits:MaxImagesPerProject)";

    /// <summary>What the request may write: the per-request limit, or the room left in the project if that is less.</summary>
    private static UnpackBudget Budget(ProjectFolders folders, string projectId, StudioLimits limits)
    {
        long room = limits.MaxProjectBytes - folders.StoredBytes(projectId);
        return room < limits.MaxUnpackedBytes
            ? new UnpackBudget(Math.Max(room, 0), $"the upload unpacks to more than the {Math.Max(room, 0):N0} bytes left in the project's " +
                                                  $"{limits.MaxProjectBytes:N0}-byte limit (Studio:Limits:MaxProjectBytes); nothing was stored")
            : new UnpackBudget(limits.MaxUnpackedBytes, $"the upload unpacks to more than {limits.MaxUnpackedBytes:N0} bytes " +
                                                        "(Studio:Limits:MaxUnpackedBytes); nothing was stored");
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, UploadReceiver receiver, ProjectFolders folders, string projectId,
        StudioLimits limits, Func<string, UploadPath, IngestOutcome> sink)
    {
        try
        {
            var result = await receiver.ReceiveAsync(request, folders.Staging(projectId), Budget(folders, projectId, limits), sink);
            return Results.Json(result, StudioJson.Compact);
        }
        catch (UploadLimitException e)
        {
            return TooLarge(e.Message);
        }
        catch (MalformedUploadException e)
        {
            return Results.Text(e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
        catch (BadHttpRequestException e)
        {
            return Results.Text(e.Message, statusCode: e.StatusCode);
        }
    }
}
