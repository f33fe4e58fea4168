using System.Net;
using System.Text.Json;

namespace SkinCancer.Studio.Tests.Api;

/// <summary>A test class with its own studio process on loopback and a folder for the images it draws.</summary>
public abstract class ApiStudioTest : IAsyncLifetime
{
    internal ApiStudio Studio { get; private set; } = null!;
    internal TempWorkspace Images { get; } = new();

    /// <summary>Command-line settings for the studio (e.g. an access secret).</summary>
    protected virtual string[] StudioArguments => [];

    public virtual async Task InitializeAsync() => Studio = await ApiStudio.StartAsync(StudioArguments);

    public async Task DisposeAsync()
    {
        await Studio.DisposeAsync();
        Images.Dispose();
    }

    /// <summary>Creates a project over the API and uploads drawn circles and squares to it; its URL and the upload's answer.</summary>
    internal async Task<(string Api, JsonElement Upload)> ProjectWithShapesAsync(string name, int perClass)
    {
        var projectId = (await Studio.JsonAsync(HttpMethod.Post, "/api/projects", HttpStatusCode.Created, new { name })).GetProperty("id").GetString()!;
        var api = $"/api/projects/{projectId}";
        var train = SyntheticImages.ShapesDataset(Path.Combine(Images.Path, "train", projectId), perClass);
        var upload = await Studio.SendAsync(HttpMethod.Post, $"{api}/images", HttpStatusCode.OK, ApiStudio.Files(ApiStudio.FolderFiles(train)), uploadHeader: true);
        return (api, upload!.Value);
    }
}
