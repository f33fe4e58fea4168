using SkinCancer.Studio.Core.Configuration;

namespace SkinCancer.Studio.Core.Datasets;

/// <summary>
/// Where a training run's list of images (path, label, content hash, size) comes from: a folder scanned now (the CLI),
/// or the studio's catalogue, where every image was read, checked and hashed once when it was uploaded. Both feed the
/// same pipeline. A folder path converts to a <see cref="FolderDataset"/>, so `TrainAsync("train/", …)` reads as before.
/// </summary>
public abstract class DatasetSource
{
    /// <summary>Shown in reports and metadata as where the images came from.</summary>
    public abstract string Root { get; }

    public abstract DatasetReport Load(StudioLimits limits, CancellationToken cancellationToken);

    public static implicit operator DatasetSource(string folder) => new FolderDataset(folder);
}

/// <summary>A folder with one subfolder per class, read, checked and hashed by <see cref="DatasetImporter"/>.</summary>
public sealed class FolderDataset(string folder) : DatasetSource
{
    public override string Root => Path.GetFullPath(folder);

    public override DatasetReport Load(StudioLimits limits, CancellationToken cancellationToken) =>
        new DatasetImporter(limits).Import(folder, cancellationToken);
}
