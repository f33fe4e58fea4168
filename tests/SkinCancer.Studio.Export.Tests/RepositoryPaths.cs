using System.Runtime.CompilerServices;

namespace SkinCancer.Studio.Export.Tests;

/// <summary>
/// Finds the repository (the folder holding SkinCancer.Studio.sln) above the test assembly, or else above this source
/// file (builds with --artifacts-path put the assembly outside the repository).
/// </summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string TfjsTools => Path.Combine(Root, "tools", "tfjs");

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory(), SourceDirectory() })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "SkinCancer.Studio.sln"))) return directory.FullName;
            }
        }
        throw new InvalidOperationException($"SkinCancer.Studio.sln not found above {AppContext.BaseDirectory}");
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path) ?? "/";
}
