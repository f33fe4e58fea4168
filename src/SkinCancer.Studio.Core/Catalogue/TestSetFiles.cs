using System.Text;

namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>
/// A test folder uploaded for evaluation: files are kept as testsets/&lt;id&gt;/&lt;label&gt;/&lt;name&gt;, the layout the
/// evaluator reads. Checking the images is left to the evaluation, which reports every skipped file.
/// </summary>
public sealed class TestSetFiles(ProjectFolders folders)
{
    public IngestOutcome Add(string projectId, string testSetId, string stagedFile, UploadPath path)
    {
        var folder = Path.Combine(folders.TestSet(projectId, testSetId), path.Label);
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, SafeName(path.FileName));
        if (File.Exists(target)) target = Path.Combine(folder, CatalogueIds.New()[..8] + "_" + SafeName(path.FileName));
        File.Move(stagedFile, target);
        return new IngestOutcome(path.RelativePath, IngestStatus.Added, path.Label, null);
    }

    public IReadOnlyList<(string Label, int Count)> Summary(string projectId, string testSetId)
    {
        var root = folders.TestSet(projectId, testSetId);
        if (!Directory.Exists(root)) return [];
        return Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal)
            .Select(d => (Path.GetFileName(d), Directory.EnumerateFiles(d).Count())).ToArray();
    }

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

    /// <summary>Files kept in all of a project's test sets (each counts against Studio:Limits:MaxImagesPerProject).</summary>
    public int CountFiles(string projectId)
    {
        var root = Path.Combine(folders.Project(projectId), "testsets");
        return Directory.Exists(root) ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Count() : 0;
    }
}
