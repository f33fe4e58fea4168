using System.IO.Compression;
using Microsoft.AspNetCore.Http.HttpResults;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Web.Serving;

/// <summary>The trained model package of a completed run, zipped once (metadata.json + head.bin) and streamed from disk.</summary>
public static class ModelEndpoints
{
    public static RouteGroupBuilder MapModelEndpoints(this RouteGroupBuilder run)
    {
        run.MapGet("/model.zip", async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> (string projectId, string runId,
                StudioCatalogue catalogue, ProjectFolders folders, CachedZips zips) =>
            {
                if (catalogue.Runs.Get(runId) is not { Status: RunStatus.Completed } completed)
                {
                    return TypedResults.Problem($"the run is {catalogue.Runs.Get(runId)?.Status.ToString().ToLowerInvariant()}: only a completed run has a model",
                        statusCode: StatusCodes.Status409Conflict);
                }
                var folder = folders.Model(projectId, completed.Id);
                if (!File.Exists(Path.Combine(folder, ModelPackage.MetadataFile))) throw new ModelLoadException("its files are missing from the workspace");
                var zip = await zips.GetAsync(folder, zips.ModelZip(projectId, runId), CompressionLevel.Optimal);
                var name = string.Concat((catalogue.Projects.Get(projectId)?.Name ?? "model").Select(c => char.IsLetterOrDigit(c) ? c : '-'));
                return TypedResults.PhysicalFile(zip, "application/zip", $"{name}-{runId[..8]}.zip", enableRangeProcessing: true);
            })
            .WithName("DownloadModel").WithSummary("A completed run's model package (metadata.json, head.bin, …), zipped")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status500InternalServerError);
        return run;
    }
}
