using System.Text;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Datasets;

namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>
/// Stores an uploaded test image: read, checked and hashed once here, by the same importer rules as a training image
/// (<see cref="ImageIngest"/>), kept as testsets/&lt;id&gt;/&lt;label&gt;/&lt;name&gt; and recorded in the catalogue, which
/// is where evaluation takes its list from. A file that is not a usable image is skipped with its reason, and is not kept.
/// Content that comes under two labels is scored under neither, as the folder importer (the CLI) has it.
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
            switch (addition.Kind)
            {
                case ImageAdditionKind.Added:
                    return new IngestOutcome(path.RelativePath, IngestStatus.Added, path.Label, null, image.Hash);
                case ImageAdditionKind.Duplicate:
                    File.Delete(target);
                    return new IngestOutcome(path.RelativePath, IngestStatus.Duplicate, path.Label,
                        $"same image as '{addition.Image!.OriginalName}', already in this test set's class '{addition.Image.Label}'", image.Hash);
                default:
                    File.Delete(target);
                    return new IngestOutcome(path.RelativePath, IngestStatus.Conflict, path.Label, Withdraw(projectId, testSetId, addition), image.Hash);
            }
        }
        finally
        {
            if (File.Exists(stagedFile)) File.Delete(stagedFile);
        }
    }

    /// <summary>Deletes the file of the copy a conflict removed from the test set (its row is already gone) and says what happened.</summary>
    private string Withdraw(string projectId, string testSetId, TestImageAddition conflict)
    {
        if (conflict.Image is not { } removed)
        {
            return $"the same image was uploaded to this test set before under {ImageIngest.Classes(conflict.ConflictLabels)}: ambiguous, so no copy of it is scored";
        }
        File.Delete(Path.Combine(folders.TestSet(projectId, testSetId), removed.StoredPath));
        return $"the same image is also in this test set's class '{removed.Label}' ('{removed.OriginalName}'): ambiguous, so neither copy is scored (removed from '{removed.Label}')";
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
