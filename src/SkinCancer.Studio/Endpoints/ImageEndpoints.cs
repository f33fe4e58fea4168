using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Imaging;

namespace SkinCancer.Studio.Endpoints;

/// <summary>Previews of stored and evaluated images, always re-encoded on the server (never the uploaded bytes).</summary>
public static class ImageEndpoints
{
    public static IEndpointRouteBuilder MapImageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/projects/{projectId}/images/{imageId:long}/thumbnail", (string projectId, long imageId, StudioCatalogue catalogue, ProjectFolders folders) =>
        {
            if (!CatalogueIds.IsValid(projectId) || catalogue.Images.Get(projectId, imageId) is not { } image) return Results.NotFound();
            var source = Path.Combine(folders.Label(projectId, image.Label), image.StoredName);
            return Thumbnail(source, Path.Combine(folders.Thumbnails(projectId), $"{image.Hash}.jpg"));
        });

        app.MapGet("/api/projects/{projectId}/evaluations/{evaluationId}/images/{index:int}/thumbnail",
            (string projectId, string evaluationId, int index, StudioCatalogue catalogue, ProjectFolders folders) =>
        {
            if (!CatalogueIds.IsValid(projectId) || catalogue.Evaluations.Get(evaluationId) is not { } evaluation) return Results.NotFound();
            if (catalogue.Runs.Get(evaluation.RunId)?.ProjectId != projectId || index < 0 || index >= evaluation.Report.Images.Count) return Results.NotFound();
            var source = evaluation.Report.Images[index].Path;
            // The report stores paths; serve only files inside this project's test sets, whatever the report says.
            if (!ProjectFolders.Contains(Path.Combine(folders.Project(projectId), "testsets"), source)) return Results.NotFound();
            return Thumbnail(source, Path.Combine(folders.Thumbnails(projectId), "evaluations", evaluationId, $"{index}.jpg"));
        });
        return app;
    }

    private static IResult Thumbnail(string source, string cacheFile)
    {
        if (!File.Exists(source)) return Results.NotFound();
        try
        {
            return Results.File(Thumbnails.GetOrCreate(source, cacheFile), "image/jpeg");
        }
        catch (ImageDecodeException e)
        {
            return Results.Text(e.Message, statusCode: StatusCodes.Status422UnprocessableEntity);
        }
    }
}
