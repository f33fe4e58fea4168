using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.Configuration;

/// <summary>The "Studio" section of appsettings.json, shared by the web app and the CLI.</summary>
public sealed record StudioOptions
{
    public const string SectionName = "Studio";

    /// <summary>
    /// Folder holding the catalogue, the feature cache and the models. A relative path is resolved against the repository's
    /// top level when the program runs from a checkout, else against the current directory (<see cref="WorkspaceLocation"/>).
    /// </summary>
    public string Workspace { get; init; } = "workspace";

    public StudioLimits Limits { get; init; } = new();

    /// <summary>Defaults for every training run; a run may override any of them.</summary>
    public TrainingOptions Training { get; init; } = new();

    public string ResolveWorkspace() => WorkspaceLocation.Resolve(Workspace);
}
