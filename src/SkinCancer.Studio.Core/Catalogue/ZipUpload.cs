using System.IO.Compression;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Imaging;

namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>
/// Unpacks a dropped .zip as if its contents had been dropped as folders. Entries are written one at a time to staging
/// files with the per-file size limit enforced on the bytes actually inflated (a zip bomb stops at the limit), and entry
/// names never become paths (zip slip is impossible). Entries named with '..' or an absolute path, and OS litter, are not
/// extracted but listed as skipped, like every other file that is not used. A zip whose entries overlap (several entries
/// reading the same compressed bytes, the trick that makes a 173 KB file inflate to 100 GB) is refused before any entry is
/// inflated, every inflated byte counts against the upload's budget, and a cancelled request stops the extraction.
/// </summary>
public sealed class ZipUpload(StudioLimits limits)
{
    public sealed record Entry(string LabelledPath, string? StagedFile, string? Reason);

    public IEnumerable<Entry> Extract(string zipFile, string stagingFolder, UnpackBudget? budget = null, CancellationToken cancellationToken = default)
    {
        using var archive = ZipFile.OpenRead(zipFile);
        var all = archive.Entries.Where(e => !e.FullName.EndsWith('/')).ToArray();
        if (all.Length > limits.MaxFiles)
        {
            throw new UploadLimitException($"the zip holds {all.Length:N0} files, over the {limits.MaxFiles:N0}-file limit (Studio:Limits:MaxFiles)");
        }
        RefuseOverlappingEntries(archive, new FileInfo(zipFile).Length);
        // Refused entries are listed like any skipped file, and are left out before labelling: one "../x" or
        // "__MACOSX/..." entry must not stop the shared top folder from being stripped for all the others.
        foreach (var entry in all)
        {
            if (RefusalOf(entry.FullName) is { } refusal) yield return new Entry(entry.FullName, null, refusal);
        }
        // In path order, as the folder importer reads: of two identical files the same one is kept, whichever way they came.
        var files = all.Where(e => RefusalOf(e.FullName) is null).OrderBy(e => e.FullName, StringComparer.Ordinal).ToArray();
        var labelled = DroppedFolderLabels.Assign(files.Select(e => e.FullName).ToArray());
        Directory.CreateDirectory(stagingFolder);
        for (int i = 0; i < files.Length; i++)
        {
            var entry = files[i];
            if (entry.Length > limits.MaxFileBytes)
            {
                yield return new Entry(labelled[i], null, $"file is {entry.Length:N0} bytes, over the {limits.MaxFileBytes:N0}-byte limit");
                continue;
            }
            var staged = Path.Combine(stagingFolder, CatalogueIds.New());
            string? reason = null;
            using (var source = entry.Open())
            using (var target = File.Create(staged))
            {
                if (!BoundedCopy.TryCopy(source, target, limits.MaxFileBytes, budget, cancellationToken)) reason = $"file inflates past the {limits.MaxFileBytes:N0}-byte limit";
            }
            if (reason is not null)
            {
                File.Delete(staged);
                yield return new Entry(labelled[i], null, reason);
            }
            else
            {
                yield return new Entry(labelled[i], staged, null);
            }
        }
    }

    /// <summary>
    /// Entries that do not overlap fit in the file side by side, so compressed sizes that add up to more than the file
    /// prove that some entries share their data.
    /// </summary>
    private static void RefuseOverlappingEntries(ZipArchive archive, long fileLength)
    {
        long claimed = archive.Entries.Sum(e => e.CompressedLength);
        if (claimed <= fileLength) return;
        throw new UploadLimitException($"the zip's entries overlap ({archive.Entries.Count:N0} entries claim {claimed:N0} compressed bytes of a " +
                                       $"{fileLength:N0}-byte file): a zip bomb, refused");
    }

    private static string? RefusalOf(string entryName)
    {
        var name = entryName.Replace('\\', '/');
        if (name.StartsWith('/') || (name.Length >= 2 && name[1] == ':')) return "zip entry with an absolute path (not extracted)";
        if (name.Split('/').Any(s => s == "..")) return "zip entry path contains '..' (not extracted)";
        return ImageFileKinds.IsSystemFile(name) ? "system or hidden file" : null;
    }
}
