namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>
/// Where a project's files live: workspace/projects/&lt;id&gt;/ with images/&lt;label&gt;/ (the training folder as the
/// importer reads it), models/&lt;run&gt;/, testsets/&lt;id&gt;/&lt;label&gt;/, thumbnails/ and an upload staging folder.
/// Only validated ids and labels are ever combined into paths.
/// </summary>
public sealed class ProjectFolders(string workspace)
{
    public string Workspace { get; } = Path.GetFullPath(workspace);

    public string Project(string projectId) => Path.Combine(Workspace, "projects", CatalogueIds.Require(projectId));

    public string Images(string projectId) => Path.Combine(Project(projectId), "images");

    public string Label(string projectId, string label) =>
        Path.Combine(Images(projectId), ClassLabels.Clean(label).Label ?? throw new ArgumentException($"not a valid class name: '{label}'"));

    public string Model(string projectId, string runId) => Path.Combine(Project(projectId), "models", CatalogueIds.Require(runId));

    public string TestSet(string projectId, string testSetId) => Path.Combine(Project(projectId), "testsets", CatalogueIds.Require(testSetId));

    public string Thumbnails(string projectId) => Path.Combine(Project(projectId), "thumbnails");

    public string Staging(string projectId) => Path.Combine(Project(projectId), "staging");

    /// <summary>Bytes of the project's stored images and test-set files (Studio:Limits:MaxProjectBytes).</summary>
    public long StoredBytes(string projectId) =>
        new[] { Images(projectId), Path.Combine(Project(projectId), "testsets") }.Where(Directory.Exists)
            .Sum(folder => new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length));

    /// <summary>Removes what uploads left in every project's staging folder (a process killed mid-upload leaves partial files).</summary>
    public int ClearStaging()
    {
        var projects = Path.Combine(Workspace, "projects");
        if (!Directory.Exists(projects)) return 0;
        int removed = 0;
        foreach (var staging in Directory.EnumerateDirectories(projects).Select(p => Path.Combine(p, "staging")).Where(Directory.Exists))
        {
            removed += Directory.EnumerateFileSystemEntries(staging).Count();
            Directory.Delete(staging, recursive: true);
        }
        return removed;
    }

    /// <summary>True when <paramref name="path"/> lies inside <paramref name="folder"/> (after resolving "..").</summary>
    public static bool Contains(string folder, string path)
    {
        var root = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return Path.GetFullPath(path).StartsWith(root, StringComparison.Ordinal);
    }
}
