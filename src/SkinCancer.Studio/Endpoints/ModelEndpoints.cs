using System.IO.Compression;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Models;
using SkinCancer.Studio.Serving;

namespace SkinCancer.Studio.Endpoints;

/// <summary>The trained model package of a completed run, zipped once (metadata.json + head.bin) and streamed from disk.</summary>
public static class ModelEndpoints
{
    public static IEndpointRouteBuilder MapModelEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/projects/{projectId}/runs/{runId}/model.zip", async (string projectId, string runId, StudioCatalogue catalogue,
            ProjectFolders folders, CachedZips zips) =>
        {
            if (catalogue.Runs.Get(runId) is not { Status: RunStatus.Completed } run || run.ProjectId != projectId) return Results.NotFound();
            var folder = folders.Model(projectId, runId);
            if (!File.Exists(Path.Combine(folder, ModelPackage.MetadataFile))) throw new ModelLoadException("its files are missing from the workspace");
            var zip = await zips.GetAsync(folder, zips.ModelZip(projectId, runId), CompressionLevel.Optimal);
            var name = string.Concat((catalogue.Projects.Get(projectId)?.Name ?? "model").Select(c => char.IsLetterOrDigit(c) ? c : '-'));
            return Results.File(zip, "application/zip", $"{name}-{runId[..8]}.zip", enableRangeProcessing: true);
        });
        return app;
    }
}
