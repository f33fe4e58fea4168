using System.Runtime.CompilerServices;

namespace SkinCancer.Studio.EndToEnd;

/// <summary>The repository, found from this source file's location (the test binaries may live in an artifacts folder elsewhere).</summary>
public static class RepositoryPaths
{
    public static string Root => Path.GetFullPath(Path.Combine(ThisDirectory(), "..", ".."));

    public static string Screenshots => Path.Combine(Root, "docs", "screenshots");

    private static string ThisDirectory([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
