using Microsoft.AspNetCore.Http.HttpResults;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Configuration;

namespace SkinCancer.Studio.Web.Uploads;

/// <summary>
/// Files arrive over plain HTTP in batches, not through the SignalR circuit, behind the <see cref="UploadHeaderFilter"/>.
/// Going over a configured limit (request bytes, files per request with zip entries counted, bytes of a lone file, bytes
/// unpacked per request or kept per project, images or test images per project) is a 413 problem with the reason;
/// nothing of the request is stored and nothing stored is touched. A body that is not multipart is a 415, one that is
/// not readable multipart a 400, and nothing of it is stored either.
/// </summary>
public static class UploadEndpoints
{
    public const string RequiredHeader = UploadHeaderFilter.RequiredHeader;

    /// <summary>A test set as uploaded: the id to evaluate it by, and one outcome per file.</summary>
    public sealed record TestSetUpload(string TestSetId, IReadOnlyList<IngestOutcome> Outcomes);

    public static RouteGroupBuilder MapUploadEndpoints(this RouteGroupBuilder project)
    {
        var images = project.MapGroup("/images").WithTags("Images");
        images.MapPost("", UploadImagesAsync)
            .WithName("UploadImages")
            .WithSummary("Add training images: multipart files named '<class>/<name>' (or .zip files of class folders)")
            .WithUploadContract<UploadBatchResult>();

        var testSets = project.MapGroup("/testsets").WithTags("Test sets");
        testSets.MapPost("", async (string projectId, HttpRequest request, StudioCatalogue catalogue, ProjectFolders folders, TestSetIngest ingest,
                UploadReceiver receiver, StudioLimits limits) =>
                await UploadTestSetAsync(projectId, CatalogueIds.New(), request, catalogue, folders, ingest, receiver, limits))
            .WithName("UploadNewTestSet")
            .WithSummary("Upload a labelled test folder as a new test set (multipart, as for training images); returns its id")
            .WithUploadContract<TestSetUpload>();
        testSets.MapPost("/{testSetId}", async Task<Results<Ok<TestSetUpload>, ProblemHttpResult>> (string projectId, string testSetId, HttpRequest request,
                StudioCatalogue catalogue, ProjectFolders folders, TestSetIngest ingest, UploadReceiver receiver, StudioLimits limits) =>
            CatalogueIds.IsValid(testSetId)
                ? await UploadTestSetAsync(projectId, testSetId, request, catalogue, folders, ingest, receiver, limits)
                : TypedResults.Problem($"'{testSetId}' is not a test-set id (32 lowercase hex digits)", statusCode: StatusCodes.Status404NotFound))
            .WithName("UploadToTestSet")
            .WithSummary("Add files to a test set whose id the client chose (32 lowercase hex digits)")
            .WithUploadContract<TestSetUpload>()
            .ProducesProblem(StatusCodes.Status409Conflict);
        return project;
    }

    /// <summary>The upload endpoints' shared contract: the header filter, multipart in, outcomes or a problem out.</summary>
    private static RouteHandlerBuilder WithUploadContract<T>(this RouteHandlerBuilder endpoint) => endpoint
        .AddEndpointFilter<UploadHeaderFilter>()
        .Accepts<IFormFileCollection>("multipart/form-data")
        .Produces<T>()
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .DisableAntiforgery();

    private static async Task<Results<Ok<UploadBatchResult>, ProblemHttpResult>> UploadImagesAsync(string projectId, HttpRequest request,
        StudioCatalogue catalogue, ProjectFolders folders, ImageIngest ingest, UploadReceiver receiver, StudioLimits limits)
    {
        if (Refuse(request, limits) is { } refusal) return refusal;
        if (catalogue.Images.Count(projectId) >= limits.MaxImagesPerProject)
        {
            return TooLarge($"the project already holds {limits.MaxImagesPerProject:N0} images, the configured limit (Studio:Limits:MaxImagesPerProject)");
        }
        var (result, problem) = await ReceiveAsync(request, receiver, folders, projectId, limits, (staged, path) => ingest.Add(projectId, staged, path));
        return result is null ? problem! : TypedResults.Ok(result);
    }

    private static async Task<Results<Ok<TestSetUpload>, ProblemHttpResult>> UploadTestSetAsync(string projectId, string testSetId, HttpRequest request,
        StudioCatalogue catalogue, ProjectFolders folders, TestSetIngest ingest, UploadReceiver receiver, StudioLimits limits)
    {
        if (Refuse(request, limits) is { } refusal) return refusal;
        if (catalogue.TestSets.ProjectOf(testSetId) is { } owner && owner != projectId)
        {
            return TypedResults.Problem($"the test-set id '{testSetId}' is taken: choose another", statusCode: StatusCodes.Status409Conflict);
        }
        // Each image is counted as it is stored (TestSetIngest); a project already full is refused before anything is read.
        if (catalogue.TestSets.CountImages(projectId) >= limits.MaxImagesPerProject) return TooLarge(TestSetIngest.Full(limits));
        var (result, problem) = await ReceiveAsync(request, receiver, folders, projectId, limits, (staged, path) => ingest.Add(projectId, testSetId, staged, path));
        return result is null ? problem! : TypedResults.Ok(new TestSetUpload(testSetId, result.Outcomes));
    }

    private static ProblemHttpResult? Refuse(HttpRequest request, StudioLimits limits)
    {
        if (!request.HasFormContentType)
        {
            return TypedResults.Problem($"expected a multipart/form-data upload, not '{request.ContentType ?? "no Content-Type"}'",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        // A declared length over the limit is refused before a byte is read; a chunked body is cut off by the server limit.
        return request.ContentLength > limits.MaxUploadBytes
            ? TooLarge($"the upload is {request.ContentLength:N0} bytes, over the {limits.MaxUploadBytes:N0}-byte limit (Studio:Limits:MaxUploadBytes)")
            : null;
    }

    private static ProblemHttpResult TooLarge(string message) => TypedResults.Problem(message, statusCode: StatusCodes.Status413PayloadTooLarge);

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

    private static async Task<(UploadBatchResult? Result, ProblemHttpResult? Problem)> ReceiveAsync(HttpRequest request, UploadReceiver receiver,
        ProjectFolders folders, string projectId, StudioLimits limits, Func<string, UploadPath, IngestOutcome> sink)
    {
        try
        {
            return (await receiver.ReceiveAsync(request, folders.Staging(projectId), Budget(folders, projectId, limits), sink), null);
        }
        catch (UploadLimitException e)
        {
            return (null, TooLarge(e.Message));
        }
        catch (MalformedUploadException e)
        {
            return (null, TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest));
        }
        catch (BadHttpRequestException e)
        {
            return (null, TypedResults.Problem(e.Message, statusCode: e.StatusCode));
        }
    }
}
