using System.Collections.Concurrent;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Models;

namespace SkinCancer.Studio.Serving;

/// <summary>
/// The model of each completed run, loaded once and shared by every request (a loaded head is read-only, and the
/// backbone session is thread-safe). Unknown, unfinished or other projects' runs are simply not found.
/// </summary>
public sealed class RunModels(StudioCatalogue catalogue, ProjectFolders folders)
{
    private readonly ConcurrentDictionary<string, Lazy<ModelPackage>> _loaded = new();

    public ModelPackage? Find(string projectId, string runId)
    {
        if (!CatalogueIds.IsValid(projectId) || !CatalogueIds.IsValid(runId)) return null;
        if (catalogue.GetRun(runId) is not { Status: RunStatus.Completed } run || run.ProjectId != projectId) return null;
        var folder = folders.Model(projectId, runId);
        if (!File.Exists(Path.Combine(folder, ModelPackage.MetadataFile))) return null;
        return _loaded.GetOrAdd(runId, _ => new Lazy<ModelPackage>(() => ModelPackage.Load(folder))).Value;
    }
}
