using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Data;

namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>
/// Stores an uploaded file in a project: checked by the same importer rules as a folder on disk (size, pixels, real image),
/// de-duplicated by content hash, then moved to images/&lt;label&gt;/ under a name derived from its hash.
/// </summary>
public sealed class ImageIngest(StudioCatalogue catalogue, ProjectFolders folders, StudioLimits limits)
{
    private readonly DatasetImporter _importer = new(limits);

    /// <summary>Takes ownership of <paramref name="stagedFile"/>: it is moved into the project or deleted.</summary>
    public IngestOutcome Add(string projectId, string stagedFile, UploadPath path)
    {
        try
        {
            var (image, reason) = _importer.Examine(stagedFile, path.RelativePath, path.Label);
            if (image is null) return new IngestOutcome(path.RelativePath, IngestStatus.Skipped, path.Label, reason);
            if (catalogue.CountImages(projectId) >= limits.MaxImagesPerProject)
            {
                return new IngestOutcome(path.RelativePath, IngestStatus.Skipped, path.Label,
                    $"the project already holds {limits.MaxImagesPerProject:N0} images, the configured limit (Studio:Limits:MaxImagesPerProject)");
            }

            var storedName = image.Hash[..24] + Path.GetExtension(path.FileName).ToLowerInvariant();
            var record = new ImageRecord(0, projectId, path.Label, storedName, path.FileName, image.Hash, image.Bytes, image.Width, image.Height);
            var target = Path.Combine(folders.Label(projectId, path.Label), storedName);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            // The file is in place before its row exists: a crash in between leaves an unlisted file, never a row without a file.
            bool placed = !File.Exists(target);
            if (placed) File.Move(stagedFile, target);
            var (stored, added) = catalogue.AddImage(record);
            if (added) return new IngestOutcome(path.RelativePath, IngestStatus.Added, path.Label, null);
            if (placed) File.Delete(target);
            return stored.Label == path.Label
                ? new IngestOutcome(path.RelativePath, IngestStatus.Duplicate, path.Label, $"same image as '{stored.OriginalName}', already in class '{stored.Label}'")
                : new IngestOutcome(path.RelativePath, IngestStatus.Conflict, path.Label,
                    $"the same image is already in class '{stored.Label}' ('{stored.OriginalName}'); this copy is not used");
        }
        finally
        {
            if (File.Exists(stagedFile)) File.Delete(stagedFile);
        }
    }
}
