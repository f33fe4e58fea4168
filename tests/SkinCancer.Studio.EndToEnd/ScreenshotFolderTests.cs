using System.Diagnostics;

namespace SkinCancer.Studio.EndToEnd;

/// <summary>Issue #14, defect 12: `dotnet test` leaves the README's tracked screenshots alone and writes its own to an ignored folder.</summary>
public sealed class ScreenshotFolderTests
{
    [Fact]
    public async Task Test_screenshots_go_to_a_git_ignored_folder_unless_a_refresh_is_asked_for()
    {
        if (Environment.GetEnvironmentVariable(RepositoryPaths.RefreshScreenshotsVariable) == "1")
        {
            Assert.Equal(RepositoryPaths.ReadmeScreenshots, RepositoryPaths.Screenshots);
            return;
        }
        Assert.NotEqual(RepositoryPaths.ReadmeScreenshots, RepositoryPaths.Screenshots);
        Assert.False(RepositoryPaths.Screenshots.StartsWith(Path.Combine(RepositoryPaths.Root, "docs"), StringComparison.Ordinal));

        var start = new ProcessStartInfo("git", ["check-ignore", "-q", Path.Combine(RepositoryPaths.Screenshots, "data.png")])
        {
            WorkingDirectory = RepositoryPaths.Root,
        };
        using var git = Process.Start(start)!;
        await git.WaitForExitAsync();
        Assert.Equal(0, git.ExitCode);
    }
}
