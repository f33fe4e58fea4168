using System.IO.Compression;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.StaticFiles;
using SkinCancer.Studio.Core.Catalogue;

namespace SkinCancer.Studio.Web.Serving;

/// <summary>
/// Downloads of a run's exports (TF.js, ONNX, the static web app) as zips, and the web app itself served from the
/// studio, so "Try in the browser" runs the exported model client-side exactly as a user's own page would.
/// </summary>
public static class ExportEndpoints
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static RouteGroupBuilder MapExportEndpoints(this RouteGroupBuilder run)
    {
        run.MapGet("/export/{format}.zip", async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> (string projectId, string runId, string format,
                RunModels models, StudioCatalogue catalogue, RunExports exports, CachedZips zips) =>
            {
                if (!RunExports.Formats.Contains(format))
                {
                    return TypedResults.Problem($"no export format '{format}' ({string.Join(", ", RunExports.Formats)})", statusCode: StatusCodes.Status404NotFound);
                }
                var (model, problem) = models.Available(catalogue, projectId, runId);
                if (model is null) return problem!;
                string folder;
                try
                {
                    folder = await exports.GetAsync(projectId, runId, format, model);
                }
                catch (FileNotFoundException e)
                {
                    return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
                }
                var zip = await zips.GetAsync(folder, folder + ".zip", CompressionLevel.Fastest);
                return TypedResults.PhysicalFile(zip, "application/zip", $"model-{format}-{runId[..8]}.zip", enableRangeProcessing: true);
            })
            .WithName("DownloadExport").WithSummary("A run's model exported as tfjs, onnx or webapp, zipped")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return run;
    }

    /// <summary>The exported web app, served under /try/ for "Try in the browser" (pages, not API: not in the OpenAPI document).</summary>
    public static IEndpointRouteBuilder MapTryInBrowser(this IEndpointRouteBuilder app)
    {
        app.MapGet("/try/{projectId}/{runId}/{file?}", async Task<IResult> (string projectId, string runId, string? file, HttpRequest request,
            RunModels models, RunExports exports) =>
        {
            // The page loads app.js and model.json relative to itself, so its address must end with a slash.
            if (file is null && !request.Path.Value!.EndsWith('/')) return TypedResults.Redirect(request.Path.Value + "/");
            var model = models.Load(projectId, runId);
            if (model is null) return TypedResults.Problem("no run with a model by that id in that project", statusCode: StatusCodes.Status404NotFound);
            string folder;
            try
            {
                folder = await exports.GetAsync(projectId, runId, "webapp", model);
            }
            catch (FileNotFoundException e)
            {
                return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            // Only names the export itself lists are served: no path from the request ever reaches the file system.
            var name = string.IsNullOrEmpty(file) ? "index.html" : file;
            var match = Directory.EnumerateFiles(folder).FirstOrDefault(f => Path.GetFileName(f) == name);
            if (match is null) return TypedResults.Problem($"the web app has no file '{name}'", statusCode: StatusCodes.Status404NotFound);
            return TypedResults.PhysicalFile(match, ContentTypes.TryGetContentType(match, out var type) ? type : "application/octet-stream");
        }).ExcludeFromDescription();
        return app;
    }
}
