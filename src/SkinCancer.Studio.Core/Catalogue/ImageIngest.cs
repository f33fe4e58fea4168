using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Datasets;

namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>
/// Stores an uploaded file in a project: checked by the same importer rules as a folder on disk (size, pixels, real image),
/// de-duplicated by content hash, then moved to images/&lt;label&gt;/ under a name derived from its hash. Content that comes
/// under two labels is used under neither, as the CLI's LabelConflict: the copy stored earlier is removed from its class
/// and the reason says so, so nothing the user uploaded disappears without a word.
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
            if (catalogue.Images.Count(projectId) >= limits.MaxImagesPerProject)
            {
                return new IngestOutcome(path.RelativePath, IngestStatus.Skipped, path.Label,
                    $"the project already holds {limits.MaxImagesPerProject:N0} images, the configured limit (Studio:Limits:MaxImagesPerProject)");
            }

            var storedName = image.Hash[..24] + Path.GetExtension(path.FileName).ToLowerInvariant();
            var record = new ImageRecord(0, projectId, path.Label, storedName, path.FileName, image.Hash, image.Bytes, image.Width, image.Height);
            var target = Path.Combine(folders.Label(projectId, path.Label), storedName);
            // The file is in place before its row exists: a crash in between leaves an unlisted file, never a row without a file.
            // Training takes its list from the catalogue, not from these folders, so a class folder a conflict leaves
            // empty is harmless and no lock keeps folders and rows in step.
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            bool placed = !File.Exists(target);
            if (placed) File.Move(stagedFile, target);
            var addition = catalogue.Images.Add(record);
            switch (addition.Kind)
            {
                case ImageAdditionKind.Added:
                    return new IngestOutcome(path.RelativePath, IngestStatus.Added, path.Label, null, image.Hash);
                case ImageAdditionKind.Duplicate:
                    if (placed) File.Delete(target);
                    var stored = addition.Image!;
                    return new IngestOutcome(path.RelativePath, IngestStatus.Duplicate, path.Label,
                        $"same image as '{stored.OriginalName}', already in class '{stored.Label}'", image.Hash);
                default:
                    // No row names this content any more: a file holding it under this label goes, placed now or left by a crash.
                    File.Delete(target);
                    return new IngestOutcome(path.RelativePath, IngestStatus.Conflict, path.Label, Withdraw(projectId, addition), image.Hash);
            }
        }
        finally
        {
            if (File.Exists(stagedFile)) File.Delete(stagedFile);
        }
    }

    /// <summary>Removes one stored image (its row, then its file); null when there is none.</summary>
    public ImageRecord? Remove(string projectId, long imageId)
    {
        if (catalogue.Images.Get(projectId, imageId) is not { } image || !catalogue.Images.Delete(projectId, imageId)) return null;
        File.Delete(Path.Combine(folders.Label(projectId, image.Label), image.StoredName));
        return image;
    }

    /// <summary>Deletes the file of the copy the conflict removed from its class (its row is already gone) and says what happened.</summary>
    private string Withdraw(string projectId, ImageAddition conflict)
    {
        if (conflict.Image is not { } removed)
        {
            return $"the same image was uploaded before under {Classes(conflict.ConflictLabels)}: ambiguous, so no copy of it is used";
        }
        File.Delete(Path.Combine(folders.Label(projectId, removed.Label), removed.StoredName));
        return $"the same image is also in class '{removed.Label}' ('{removed.OriginalName}'): ambiguous, so neither copy is used (removed from '{removed.Label}')";
    }

    /// <summary>"class 'a'", or "classes 'a', 'b' and 'c'": the labels a conflicting image came under, for a reason.</summary>
    internal static string Classes(IReadOnlyList<string> labels) => labels.Count == 1
        ? $"class '{labels[0]}'"
        : $"classes {string.Join(", ", labels.SkipLast(1).Select(l => $"'{l}'"))} and '{labels[^1]}'";
}
