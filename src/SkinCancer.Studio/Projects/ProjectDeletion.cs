using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Web.Training;

namespace SkinCancer.Studio.Web.Projects;

/// <summary>Deleting a project stops its runs, removes its catalogue rows, then its folder.</summary>
public sealed class ProjectDeletion(StudioCatalogue catalogue, ProjectFolders folders, TrainingQueue queue)
{
    public void Delete(string projectId)
    {
        queue.CancelProject(projectId);
        catalogue.Projects.Delete(projectId);
        var folder = folders.Project(projectId);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
