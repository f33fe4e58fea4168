using System.Collections.Concurrent;
using System.IO.Compression;
using SkinCancer.Studio.Core.Catalogue;

namespace SkinCancer.Studio.Web.Serving;

/// <summary>
/// Downloads are zips of folders that never change once written (a version of a run's model, an export of it). Each is zipped
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
                using (var archive = ZipFile.Open(temporary, ZipArchiveMode.Create))
                {
                    foreach (var file in Directory.EnumerateFiles(folder)) archive.CreateEntryFromFile(file, Path.GetFileName(file), level);
                }
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
}
