using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Datasets;

namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>
/// A test set's images as the catalogue knows them, for evaluation as <see cref="CatalogueDataset"/> is for training: no
/// folder scan and no second read or hash (<see cref="TestSetIngest"/> did both at upload), so the feature extractor is
/// the only reader of each image, and none when its features are cached. The CLI evaluates a <see cref="FolderDataset"/>
/// instead; both go through the same <see cref="Evaluation.ModelRunner.EvaluateAsync"/>.
/// </summary>
public sealed class CatalogueTestSet(StudioCatalogue catalogue, ProjectFolders folders, string projectId, string testSetId) : DatasetSource
{
    public override string Root => folders.TestSet(projectId, testSetId);

    public override DatasetReport Load(StudioLimits limits, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var images = catalogue.TestSets.List(projectId, testSetId)
            .Select(r => new DatasetImage(Path.Combine(Root, r.StoredPath), r.StoredPath, r.Label, r.Hash, r.Bytes, r.Width, r.Height))
            .OrderBy(i => i.RelativePath, StringComparer.Ordinal)
            .ToArray();
        var labels = images.Select(i => i.Label).Distinct().Order(StringComparer.Ordinal).ToArray();
        return new DatasetReport(Root, labels, images, [], [], []);
    }

    /// <summary>
    /// The stored file of the image an evaluation report names by <paramref name="reportedPath"/>, found through its row:
    /// null when the test set has no such image (deleted, or never catalogued), so a report's path is never trusted as a
    /// file. A report names the file where the workspace was when it was written; if it has moved since, the path's last
    /// two segments (label/name, the layout every upload wrote) still name the row.
    /// </summary>
    public string? StoredFile(string reportedPath)
    {
        var storedPath = ProjectFolders.Contains(Root, reportedPath)
            ? Path.GetRelativePath(Root, reportedPath).Replace('\\', '/')
            : string.Join('/', reportedPath.Replace('\\', '/').Split('/').TakeLast(2));
        if (catalogue.TestSets.Find(projectId, testSetId, storedPath) is not { } row) return null;
        var file = Path.Combine(Root, row.StoredPath);
        return ProjectFolders.Contains(Root, file) ? file : null;
    }
}
