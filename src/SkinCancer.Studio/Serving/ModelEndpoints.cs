using System.IO.Compression;
using Microsoft.AspNetCore.Http.HttpResults;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Web.Serving;

/// <summary>
/// A run's model package (metadata.json, head.bin, …), zipped once per saved version and streamed from disk: a completed
/// run's, or the frozen model a fine-tuning run saved first, downloadable while fine-tuning goes on.
/// </summary>
public static class ModelEndpoints
{
    public static RouteGroupBuilder MapModelEndpoints(this RouteGroupBuilder run)
    {
        run.MapGet("/model.zip", async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> (string projectId, string runId,
                StudioCatalogue catalogue, ProjectFolders folders, CachedZips zips) =>
            {
                if (catalogue.Runs.Get(runId) is not { HasModel: true } run) return RunModelLookup.NoModel(catalogue.Runs.Get(runId));
                var folder = folders.Model(projectId, run.Id);
                FolderSwap.RestoreSetAside(folder);
                if (!File.Exists(Path.Combine(folder, ModelPackage.MetadataFile))) throw new ModelLoadException("its files are missing from the workspace");
                var zip = await zips.GetAsync(folder, zips.ModelZip(projectId, runId, run.ModelRevision), CompressionLevel.Optimal);
                var name = string.Concat((catalogue.Projects.Get(projectId)?.Name ?? "model").Select(c => char.IsLetterOrDigit(c) ? c : '-'));
                return TypedResults.PhysicalFile(zip, "application/zip", $"{name}-{runId[..8]}.zip", enableRangeProcessing: true);
            })
            .WithName("DownloadModel").WithSummary("The run's model package (metadata.json, head.bin, …), zipped: a completed run's, or the frozen model of a run still fine-tuning")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status500InternalServerError);
        return run;
    }
}
