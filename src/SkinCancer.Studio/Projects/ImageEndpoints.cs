using Microsoft.AspNetCore.Http.HttpResults;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Imaging;

namespace SkinCancer.Studio.Web.Projects;

/// <summary>A project's stored images: list, delete one, and previews always re-encoded on the server (never the uploaded bytes).</summary>
public static class ImageEndpoints
{
    public static RouteGroupBuilder MapImageEndpoints(this RouteGroupBuilder project)
    {
        var images = project.MapGroup("/images").WithTags("Images");
        images.MapGet("", (string projectId, string? label, StudioCatalogue catalogue) =>
                TypedResults.Ok(catalogue.Images.List(projectId).Where(i => label is null || i.Label == label).ToArray()))
            .WithName("ListImages").WithSummary("The project's images (optionally of one class): id, class, original name, content hash, size");

        images.MapDelete("/{imageId:long}", Results<NoContent, ProblemHttpResult> (string projectId, long imageId, ImageIngest ingest) =>
                ingest.Remove(projectId, imageId) is null ? NoImage(imageId) : TypedResults.NoContent())
            .WithName("DeleteImage").WithSummary("Delete one image from its class")
            .ProducesProblem(StatusCodes.Status404NotFound);

        images.MapGet("/{imageId:long}/thumbnail", Results<FileContentHttpResult, ProblemHttpResult> (string projectId, long imageId,
                StudioCatalogue catalogue, ProjectFolders folders) =>
            {
                if (catalogue.Images.Get(projectId, imageId) is not { } image) return NoImage(imageId);
                var source = Path.Combine(folders.Label(projectId, image.Label), image.StoredName);
                return Thumbnail(source, Path.Combine(folders.Thumbnails(projectId), $"{image.Hash}.jpg"));
            })
            .WithName("ImageThumbnail").WithSummary("A small JPEG preview of a stored image")
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return project;
    }

    private static ProblemHttpResult NoImage(long imageId) =>
        TypedResults.Problem($"the project has no image {imageId}", statusCode: StatusCodes.Status404NotFound);

    /// <summary>The cached thumbnail of <paramref name="source"/>, made on first request.</summary>
    internal static Results<FileContentHttpResult, ProblemHttpResult> Thumbnail(string source, string cacheFile)
    {
        if (!File.Exists(source)) return TypedResults.Problem("the image's file is no longer stored", statusCode: StatusCodes.Status404NotFound);
        try
        {
            return TypedResults.File(Thumbnails.GetOrCreate(source, cacheFile), "image/jpeg");
        }
        catch (ImageDecodeException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status422UnprocessableEntity);
        }
    }
}
