using System.IO.Compression;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Models;

namespace SkinCancer.Studio.Endpoints;

/// <summary>The trained model package of a completed run, zipped (metadata.json + head.bin).</summary>
public static class ModelEndpoints
{
    public static IEndpointRouteBuilder MapModelEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/projects/{projectId}/runs/{runId}/model.zip", (string projectId, string runId, StudioCatalogue catalogue, ProjectFolders folders) =>
        {
            if (catalogue.GetRun(runId) is not { Status: RunStatus.Completed } run || run.ProjectId != projectId) return Results.NotFound();
            var folder = folders.Model(projectId, runId);
            if (!File.Exists(Path.Combine(folder, ModelPackage.MetadataFile))) throw new ModelLoadException("its files are missing from the workspace");
            var buffer = new MemoryStream();
            using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var file in Directory.EnumerateFiles(folder)) zip.CreateEntryFromFile(file, Path.GetFileName(file), CompressionLevel.Optimal);
            }
            buffer.Position = 0;
            var name = string.Concat((catalogue.GetProject(projectId)?.Name ?? "model").Select(c => char.IsLetterOrDigit(c) ? c : '-'));
            return Results.File(buffer, "application/zip", $"{name}-{runId[..8]}.zip");
        });
        return app;
    }
}
