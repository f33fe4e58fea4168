using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Web.Uploads;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>The studio in process on a temporary workspace, with extra settings (limits, access secret).</summary>
internal sealed class StudioFactory : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly WebApplicationFactory<Program> _factory;

    public StudioFactory(params (string Key, string Value)[] settings)
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Studio:Workspace", _folder.Workspace);
            foreach (var (key, value) in settings) b.UseSetting(key, value);
        });
    }

    public string Root => _folder.Path;
    public StudioCatalogue Catalogue => _factory.Services.GetRequiredService<StudioCatalogue>();
    public ProjectFolders Folders => _factory.Services.GetRequiredService<ProjectFolders>();

    public HttpClient Client(bool followRedirects = true) =>
        _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects, HandleCookies = true });

    public static MultipartFormDataContent Form(params (string Name, byte[] Bytes)[] parts)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in parts)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "files", name);
        }
        return form;
    }

    public static HttpRequestMessage Upload(string projectId, MultipartFormDataContent form, string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{projectId}/images") { Content = form };
        request.Headers.Add(UploadEndpoints.RequiredHeader, "1");
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return request;
    }

    /// <summary>Every file under the temporary root that is not inside the workspace.</summary>
    public IReadOnlyList<string> FilesOutsideWorkspace() =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).Where(f => !ProjectFolders.Contains(_folder.Workspace, f)).ToList();

    public void Dispose()
    {
        _factory.Dispose();
        _folder.Dispose();
    }
}
