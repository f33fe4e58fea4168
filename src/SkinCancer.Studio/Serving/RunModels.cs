using System.Collections.Concurrent;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Web.Serving;

/// <summary>
/// The model of each completed run, loaded once and shared by every request (a loaded head is read-only, and the
/// backbone session is thread-safe). Unknown, unfinished or other projects' runs are simply not found; a completed run
/// whose model files are gone or damaged throws <see cref="ModelLoadException"/> (answered as a 500 problem, see <see cref="Api.ApiProblems"/>),
/// and is tried again on the next request rather than remembered as broken.
/// </summary>
public sealed class RunModels(StudioCatalogue catalogue, ProjectFolders folders)
{
    private readonly ConcurrentDictionary<string, Lazy<ModelPackage>> _loaded = new();

    public ModelPackage? Find(string projectId, string runId)
    {
        if (!CatalogueIds.IsValid(projectId) || !CatalogueIds.IsValid(runId)) return null;
        if (catalogue.Runs.Get(runId) is not { Status: RunStatus.Completed } run || run.ProjectId != projectId) return null;
        var folder = folders.Model(projectId, runId);
        var model = _loaded.GetOrAdd(runId, _ => new Lazy<ModelPackage>(() => Load(folder)));
        try
        {
            return model.Value;
        }
        catch (ModelLoadException)
        {
            _loaded.TryRemove(KeyValuePair.Create(runId, model));
            throw;
        }
    }

    private static ModelPackage Load(string folder)
    {
        try
        {
            return ModelPackage.Load(folder);
        }
        catch (ModelLoadException e)
        {
            // Workspace paths are this machine's business, not an API client's.
            throw new ModelLoadException(e.Message.Replace(Path.GetFullPath(folder), "the run's model folder").Replace(folder, "the run's model folder"));
        }
    }
}
