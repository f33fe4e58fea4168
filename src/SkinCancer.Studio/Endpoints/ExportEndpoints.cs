using System.IO.Compression;
using Microsoft.AspNetCore.StaticFiles;
using SkinCancer.Studio.Serving;

namespace SkinCancer.Studio.Endpoints;

/// <summary>
/// Downloads of a run's exports (TF.js, ONNX, the static web app) as zips, and the web app itself served from the
/// studio, so "Try in the browser" runs the exported model client-side exactly as a user's own page would.
/// </summary>
public static class ExportEndpoints
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/projects/{projectId}/runs/{runId}/export/{format}.zip", async (string projectId, string runId, string format,
            RunModels models, RunExports exports, CachedZips zips) =>
        {
            if (!RunExports.Formats.Contains(format)) return Results.NotFound();
            var model = models.Find(projectId, runId);
            if (model is null) return Results.NotFound();
            string folder;
            try
            {
                folder = await exports.GetAsync(projectId, runId, format, model);
            }
            catch (FileNotFoundException e)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            var zip = await zips.GetAsync(folder, folder + ".zip", CompressionLevel.Fastest);
            return Results.File(zip, "application/zip", $"model-{format}-{runId[..8]}.zip", enableRangeProcessing: true);
        }).WithName("DownloadExport").WithSummary("A run's model exported as tfjs, onnx or webapp, zipped");

        app.MapGet("/try/{projectId}/{runId}/{file?}", async (string projectId, string runId, string? file, HttpRequest request,
            RunModels models, RunExports exports) =>
        {
            // The page loads app.js and model.json relative to itself, so its address must end with a slash.
            if (file is null && !request.Path.Value!.EndsWith('/')) return Results.Redirect(request.Path.Value + "/");
            var model = models.Find(projectId, runId);
            if (model is null) return Results.NotFound();
            string folder;
            try
            {
                folder = await exports.GetAsync(projectId, runId, "webapp", model);
            }
            catch (FileNotFoundException e)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            // Only names the export itself lists are served: no path from the request ever reaches the file system.
            var name = string.IsNullOrEmpty(file) ? "index.html" : file;
            var match = System.IO.Directory.EnumerateFiles(folder).FirstOrDefault(f => Path.GetFileName(f) == name);
            if (match is null) return Results.NotFound();
            return Results.File(match, ContentTypes.TryGetContentType(match, out var type) ? type : "application/octet-stream");
        }).ExcludeFromDescription();
        return app;
    }
}
