using System.Runtime.CompilerServices;

namespace SkinCancer.Studio.EndToEnd;

/// <summary>The repository, found from this source file's location (the test binaries may live in an artifacts folder elsewhere).</summary>
public static class RepositoryPaths
{
    public static string Root => Path.GetFullPath(Path.Combine(ThisDirectory(), "..", ".."));

    /// <summary>Set to 1 to refresh the README's screenshots (tools/refresh-screenshots.sh); otherwise tests never touch them.</summary>
    public const string RefreshScreenshotsVariable = "STUDIO_REFRESH_SCREENSHOTS";

    public static string ReadmeScreenshots => Path.Combine(Root, "docs", "screenshots");

    /// <summary>Where the flow test saves its screenshots: the git-ignored artifacts/ folder, unless a refresh is asked for.</summary>
    public static string Screenshots => Environment.GetEnvironmentVariable(RefreshScreenshotsVariable) == "1"
        ? ReadmeScreenshots
        : Path.Combine(Root, "artifacts", "screenshots");

    private static string ThisDirectory([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
