using SkinCancer.Studio.Core.Catalogue;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>The real studio as a process on loopback, on its own temporary workspace, with one project to aim at.</summary>
internal sealed class LoopbackProcess : IAsyncDisposable
{
    private readonly TempFolder _folder;

    private LoopbackProcess(StudioProcess app, TempFolder folder)
    {
        App = app;
        _folder = folder;
        Catalogue = new StudioCatalogue(_folder.Workspace);
        Folders = new ProjectFolders(_folder.Workspace);
        ProjectId = Catalogue.Projects.Create("target").Id;
    }

    public StudioProcess App { get; }
    public StudioCatalogue Catalogue { get; }
    public ProjectFolders Folders { get; }
    public string ProjectId { get; }
    public string Workspace => _folder.Workspace;

    public static async Task<LoopbackProcess> StartAsync(params string[] extraArgs)
    {
        var folder = new TempFolder();
        StudioProcess app;
        try
        {
            app = await StudioProcess.StartServingAsync(folder.Workspace, extraArgs);
        }
        catch
        {
            folder.Dispose();
            throw;
        }
        return new LoopbackProcess(app, folder);
    }

    public HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = new Uri(App.LoopbackUrl),
        Timeout = TimeSpan.FromMinutes(2),
    };

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        _folder.Dispose();
    }
}
