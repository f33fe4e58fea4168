using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Datasets;

namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>
/// A project's images as the catalogue knows them: no folder scan, no second read or hash, and no second judgement of
/// duplicates and conflicts, which the upload already settled (<see cref="ImageIngest"/>). Images are ordered as the
/// folder importer orders them (by their path under images/), so a run's split does not depend on upload order.
/// </summary>
public sealed class CatalogueDataset(StudioCatalogue catalogue, ProjectFolders folders, string projectId) : DatasetSource
{
    public override string Root => folders.Images(projectId);

    public override DatasetReport Load(StudioLimits limits, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var images = catalogue.Images.List(projectId)
            .Select(r => new DatasetImage(Path.Combine(folders.Label(projectId, r.Label), r.StoredName), $"{r.Label}/{r.StoredName}",
                r.Label, r.Hash, r.Bytes, r.Width, r.Height))
            .OrderBy(i => i.RelativePath, StringComparer.Ordinal)
            .ToArray();
        var labels = images.Select(i => i.Label).Distinct().Order(StringComparer.Ordinal).ToArray();
        return new DatasetReport(Root, labels, images, [], [], []);
    }
}
