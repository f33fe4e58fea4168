namespace SkinCancer.Studio.Core.Configuration;

/// <summary>
/// Where a relative "Studio:Workspace" lives. From a checkout of the repository (the program's folder lies under the
/// folder holding SkinCancer.Studio.sln) it is that repository's top level, whatever the current directory: `dotnet run
/// --project src/SkinCancer.Studio` starts in the project's folder, and the README and .gitignore name the top-level
/// workspace/. A published studio, outside any checkout, keeps resolving it against the current directory.
/// </summary>
public static class WorkspaceLocation
{
    public const string RepositoryMarker = "SkinCancer.Studio.sln";

    public static string Resolve(string workspace) => Resolve(workspace, AppContext.BaseDirectory, Environment.CurrentDirectory);

    public static string Resolve(string workspace, string programFolder, string currentDirectory)
    {
        if (Path.IsPathRooted(workspace)) return Path.GetFullPath(workspace);
        return Path.GetFullPath(Path.Combine(RepositoryRoot(programFolder) ?? currentDirectory, workspace));
    }

    private static string? RepositoryRoot(string programFolder)
    {
        for (var folder = new DirectoryInfo(Path.GetFullPath(programFolder)); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, RepositoryMarker))) return folder.FullName;
        }
        return null;
    }
}
