using System.IO.Compression;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Imaging;

namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>
/// Unpacks a dropped .zip as if its contents had been dropped as folders. Entries are written one at a time to staging
/// files with the per-file size limit enforced on the bytes actually inflated (a zip bomb stops at the limit), and entry
/// names never become paths (zip slip is impossible).
/// </summary>
public sealed class ZipUpload(StudioLimits limits)
{
    public sealed record Entry(string LabelledPath, string? StagedFile, string? Reason);

    public IEnumerable<Entry> Extract(string zipFile, string stagingFolder)
    {
        using var archive = ZipFile.OpenRead(zipFile);
        var files = archive.Entries
            .Where(e => !e.FullName.EndsWith('/') && !ImageFileKinds.IsSystemFile(e.FullName))
            .ToArray();
        if (files.Length > limits.MaxFiles)
        {
            throw new InvalidDataException($"the zip holds {files.Length:N0} files, over the {limits.MaxFiles:N0}-file limit");
        }
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
                if (!BoundedCopy.TryCopy(source, target, limits.MaxFileBytes)) reason = $"file inflates past the {limits.MaxFileBytes:N0}-byte limit";
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
}
