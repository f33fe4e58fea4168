using System.Runtime.CompilerServices;
using SkinCancer.Studio.Core.Configuration;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>Issue #14, defect 12: the default workspace is the repository's top-level workspace/, whatever the current directory.</summary>
public sealed class WorkspaceLocationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string RepositoryRoot([CallerFilePath] string file = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", ".."));

    [Fact]
    public void The_default_workspace_of_a_program_built_in_the_repository_is_the_top_level_workspace_folder()
    {
        // This test runs from its bin folder, neither the repository root nor the project folder `dotnet run` starts in.
        Assert.NotEqual(RepositoryRoot(), Path.GetFullPath(Environment.CurrentDirectory));
        Assert.Equal(Path.Combine(RepositoryRoot(), "workspace"), new StudioOptions().ResolveWorkspace());
    }

    [Fact]
    public void Relative_workspaces_resolve_against_the_checkout_absolute_ones_stay_and_a_published_studio_uses_its_current_directory()
    {
        var repository = Path.Combine(_folder.Path, "repo");
        var program = Path.Combine(repository, "src", "SkinCancer.Studio", "bin", "Release", "net10.0");
        Directory.CreateDirectory(program);
        File.WriteAllText(Path.Combine(repository, WorkspaceLocation.RepositoryMarker), "");
        var projectFolder = Path.Combine(repository, "src", "SkinCancer.Studio");
        var elsewhere = Path.Combine(_folder.Path, "elsewhere");
        var published = Path.Combine(_folder.Path, "published");

        Assert.Equal(Path.Combine(repository, "workspace"), WorkspaceLocation.Resolve("workspace", program, projectFolder));
        Assert.Equal(Path.Combine(repository, "workspace"), WorkspaceLocation.Resolve("workspace", program, elsewhere));
        Assert.Equal(Path.Combine(repository, "data", "ws"), WorkspaceLocation.Resolve("data/ws", program, elsewhere));
        Assert.Equal(Path.Combine(elsewhere, "abs"), WorkspaceLocation.Resolve(Path.Combine(elsewhere, "abs"), program, projectFolder));
        Assert.Equal(Path.Combine(elsewhere, "workspace"), WorkspaceLocation.Resolve("workspace", published, elsewhere));
    }
}
