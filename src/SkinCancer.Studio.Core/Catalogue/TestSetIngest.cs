using System.Text;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Datasets;

namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>
/// Stores an uploaded test image: read, checked and hashed once here, by the same importer rules as a training image
/// (<see cref="ImageIngest"/>), kept as testsets/&lt;id&gt;/&lt;label&gt;/&lt;name&gt; and recorded in the catalogue, which
/// is where evaluation takes its list from. A file that is not a usable image is skipped with its reason, and is not kept.
/// </summary>
public sealed class TestSetIngest(StudioCatalogue catalogue, ProjectFolders folders, StudioLimits limits)
{
    private readonly DatasetImporter _importer = new(limits);

    /// <summary>Takes ownership of <paramref name="stagedFile"/>: it is moved into the test set or deleted.</summary>
    public IngestOutcome Add(string projectId, string testSetId, string stagedFile, UploadPath path)
    {
        try
        {
            var (image, reason) = _importer.Examine(stagedFile, path.RelativePath, path.Label);
            if (image is null) return new IngestOutcome(path.RelativePath, IngestStatus.Skipped, path.Label, reason);
            if (catalogue.TestSets.CountImages(projectId) >= limits.MaxImagesPerProject)
            {
                return new IngestOutcome(path.RelativePath, IngestStatus.Skipped, path.Label, Full(limits));
            }

            var folder = Path.Combine(folders.TestSet(projectId, testSetId), path.Label);
            Directory.CreateDirectory(folder);
            var name = SafeName(path.FileName);
            if (File.Exists(Path.Combine(folder, name))) name = CatalogueIds.New()[..8] + "_" + name;
            var target = Path.Combine(folder, name);
            // As for training images, the file is in place before its row exists: a crash in between leaves an unlisted file
            // (never evaluated), never a row without a file.
            File.Move(stagedFile, target);
            var addition = catalogue.TestSets.Add(projectId, new TestImageRecord(0, testSetId, path.Label, path.RelativePath, $"{path.Label}/{name}",
                image.Hash, image.Bytes, image.Width, image.Height));
            if (addition.Kind == ImageAdditionKind.Added) return new IngestOutcome(path.RelativePath, IngestStatus.Added, path.Label, null, image.Hash);
            File.Delete(target);
            var held = addition.Image;
            return addition.Kind == ImageAdditionKind.Duplicate
                ? new IngestOutcome(path.RelativePath, IngestStatus.Duplicate, path.Label,
                    $"same image as '{held.OriginalName}', already in this test set's class '{held.Label}'", image.Hash)
                : new IngestOutcome(path.RelativePath, IngestStatus.Conflict, path.Label,
                    $"the same image is already in this test set's class '{held.Label}' ('{held.OriginalName}'): ambiguous, so this copy is not used", image.Hash);
        }
        finally
        {
            if (File.Exists(stagedFile)) File.Delete(stagedFile);
        }
    }

    /// <summary>Why a test image is refused once the project's test sets are full.</summary>
    public static string Full(StudioLimits limits) =>
        $"the project's test sets already hold {limits.MaxImagesPerProject:N0} images, the configured limit (Studio:Limits:MaxImagesPerProject)";

    /// <summary>Keeps the readable part of a name and drops anything a file system could misread.</summary>
    public static string SafeName(string name)
    {
        var builder = new StringBuilder();
        foreach (var c in name) builder.Append(char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or ' ' ? c : '_');
        var safe = builder.ToString().Trim().TrimStart('.');
        if (safe.Length == 0) safe = "image";
        // The end of a name holds its extension; 120 UTF-8 bytes fit any file system's 255 with the prefix added on a clash.
        while (Encoding.UTF8.GetByteCount(safe) > 120) safe = safe[1..];
        return safe;
    }
}
