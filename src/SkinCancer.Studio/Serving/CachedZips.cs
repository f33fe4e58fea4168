using System.Collections.Concurrent;
using System.IO.Compression;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Web.Serving;

/// <summary>
/// Downloads are zips of folders that never change once written (a version of a run's model, an export of it; a run's
/// folder replaced while it is zipped is zipped again, see <see cref="WriteUnchanged"/>). Each is zipped
/// once to a file beside the exports and then streamed from disk, so sixteen concurrent downloads cost sixteen file reads,
/// not sixteen zips held in memory. Written to a temporary name and renamed, so a half-written zip is never served.
/// </summary>
public sealed class CachedZips(ProjectFolders folders)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _building = new();

    /// <summary>
    /// The zip of a run's model package as saved for the <paramref name="modelRevision"/>th time
    /// (exports/&lt;run&gt;/model-m&lt;revision&gt;.zip): a fine-tuning run's frozen model and the model it keeps are two zips.
    /// </summary>
    public string ModelZip(string projectId, string runId, int modelRevision) =>
        Path.Combine(folders.Project(projectId), "exports", CatalogueIds.Require(runId), $"model-m{modelRevision}.zip");

    /// <summary>The path of <paramref name="zip"/>, holding the files of <paramref name="folder"/>, written first if needed.</summary>
    public async Task<string> GetAsync(string folder, string zip, CompressionLevel level)
    {
        if (File.Exists(zip)) return zip;
        var gate = _building.GetOrAdd(zip, _ => new SemaphoreSlim(1, 1));
        var temporary = $"{zip}.{Guid.NewGuid():N}.tmp";
        await gate.WaitAsync();
        try
        {
            if (File.Exists(zip)) return zip;
            Directory.CreateDirectory(Path.GetDirectoryName(zip)!);
            await Task.Run(() =>
            {
                WriteUnchanged(folder, temporary, level);
                File.Move(temporary, zip);
            });
            return zip;
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
            gate.Release();
        }
    }

    /// <summary>
    /// Zips the folder, again if it changed meanwhile. A fine-tuning run replaces its frozen model's folder while that model
    /// is downloadable; a zip written across the two renames would hold files of both versions, or miss the folder between
    /// them. Every file of a new version is written later, so the folder's listing (names, sizes, write times) taken
    /// before and after tells whether the zip holds one version.
    /// </summary>
    private static void WriteUnchanged(string folder, string temporary, CompressionLevel level)
    {
        const int Attempts = 8;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                var before = Listing(folder);
                File.Delete(temporary);
                using (var archive = ZipFile.Open(temporary, ZipArchiveMode.Create))
                {
                    foreach (var (name, _, _) in before) archive.CreateEntryFromFile(Path.Combine(folder, name), name, level);
                }
                if (before.SequenceEqual(Listing(folder))) return;
            }
            catch (IOException) when (attempt < Attempts)
            {
                // The folder or a file was renamed away mid-zip (between the writer's two renames): try again.
            }
            if (attempt == Attempts) throw new IOException($"{Path.GetFileName(folder)} kept changing while it was zipped ({Attempts} attempts)");
            FolderSwap.RestoreSetAside(folder);
            Thread.Sleep(5 * attempt);
        }
    }

    private static (string Name, long Length, DateTime Written)[] Listing(string folder) =>
        new DirectoryInfo(folder).EnumerateFiles().Select(f => (f.Name, f.Length, f.LastWriteTimeUtc)).OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();
}
