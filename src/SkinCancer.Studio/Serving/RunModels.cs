using System.Collections.Concurrent;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Web.Serving;

/// <summary>A run's model as loaded, with the <see cref="RunRecord.ModelRevision"/> it was loaded at (downloads are keyed by it).</summary>
public sealed record LoadedModel(ModelPackage Package, int Revision);

/// <summary>
/// The model of each run that has one, loaded once per saved version and shared by every request (a loaded head is
/// read-only, and the backbone session is thread-safe). A run that fine-tunes has one from the moment its frozen model is
/// saved; when the run ends with the model it keeps, the revision goes up and the next request loads that one. Unknown
/// runs, runs without a model and other projects' runs are simply not found; a run whose model files are gone or damaged
/// throws <see cref="ModelLoadException"/> (answered as a 500 problem, see <see cref="Api.ApiProblems"/>), and is tried
/// again on the next request rather than remembered as broken.
/// </summary>
public sealed class RunModels(StudioCatalogue catalogue, ProjectFolders folders)
{
    private readonly ConcurrentDictionary<string, (int Revision, Lazy<ModelPackage> Model)> _loaded = new();

    public ModelPackage? Find(string projectId, string runId) => Load(projectId, runId)?.Package;

    public LoadedModel? Load(string projectId, string runId)
    {
        if (!CatalogueIds.IsValid(projectId) || !CatalogueIds.IsValid(runId)) return null;
        for (int attempt = 0; ; attempt++)
        {
            if (catalogue.Runs.Get(runId) is not { HasModel: true } run || run.ProjectId != projectId) return null;
            var folder = folders.Model(projectId, runId);
            var entry = _loaded.AddOrUpdate(runId,
                _ => (run.ModelRevision, new Lazy<ModelPackage>(() => Read(folder))),
                (_, cached) => cached.Revision >= run.ModelRevision ? cached : (run.ModelRevision, new Lazy<ModelPackage>(() => Read(folder))));
            try
            {
                return new LoadedModel(entry.Model.Value, entry.Revision);
            }
            catch (ModelLoadException)
            {
                _loaded.TryRemove(KeyValuePair.Create(runId, entry));
                // A run that is still going on may have been replacing its frozen model while it was read (the folder
                // is swapped by two renames): one more try reads whichever model is in place.
                if (attempt == 0 && (run.IsActive || catalogue.Runs.Get(runId)?.ModelRevision != entry.Revision)) continue;
                throw;
            }
        }
    }

    private static ModelPackage Read(string folder)
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
