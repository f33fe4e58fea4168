using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Web.Uploads;

namespace SkinCancer.Studio.Tests.Api;

/// <summary>
/// The real studio as a process on loopback over a temporary workspace, and the requests a script sends it: JSON in,
/// JSON or problem details out, multipart uploads with the studio header, server-sent events read to their end.
/// </summary>
internal sealed class ApiStudio : IAsyncDisposable
{
    private readonly TempWorkspace _workspace;

    private ApiStudio(StudioProcess app, TempWorkspace workspace)
    {
        App = app;
        _workspace = workspace;
        Http = new HttpClient { BaseAddress = new Uri(app.LoopbackUrl), Timeout = TimeSpan.FromMinutes(3) };
    }

    public StudioProcess App { get; }
    public HttpClient Http { get; }
    public string Workspace => Path.Combine(_workspace.Path, "workspace");

    /// <summary>The catalogue as the studio keeps it, read directly to check what a request did or did not change.</summary>
    public StudioCatalogue Catalogue => new(Workspace);

    public ProjectFolders Folders => new(Workspace);

    public static async Task<ApiStudio> StartAsync(params string[] extraArgs)
    {
        var workspace = new TempWorkspace();
        StudioProcess app;
        try
        {
            app = await StudioProcess.StartServingAsync(Path.Combine(workspace.Path, "workspace"), extraArgs);
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
        return new ApiStudio(app, workspace);
    }

    /// <summary>Sends a request and checks its status; the body as JSON (null when there is none).</summary>
    public async Task<JsonElement?> SendAsync(HttpMethod method, string url, HttpStatusCode expected, HttpContent? content = null, bool uploadHeader = false)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (uploadHeader) request.Headers.Add(UploadHeaderFilter.RequiredHeader, "1");
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {url}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? null : JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<JsonElement> JsonAsync(HttpMethod method, string url, HttpStatusCode expected, object? body = null, bool uploadHeader = false) =>
        (await SendAsync(method, url, expected, body is null ? null : JsonContent.Create(body), uploadHeader))!.Value;

    /// <summary>Sends a request that must fail: its problem details (status, content type, a detail), for the caller to check the detail.</summary>
    public async Task<string> ProblemAsync(HttpRequestMessage request, HttpStatusCode expected)
    {
        using (request)
        {
            using var response = await Http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"{request.Method} {request.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(body).RootElement;
            Assert.True(problem.TryGetProperty("status", out var status) && status.GetInt32() == (int)expected, body);
            var detail = problem.TryGetProperty("detail", out var value) ? value.GetString() : null;
            Assert.False(string.IsNullOrWhiteSpace(detail), body);
            Assert.DoesNotContain(Workspace, body);
            return detail!;
        }
    }

    public Task<string> ProblemAsync(HttpMethod method, string url, HttpStatusCode expected, HttpContent? content = null, bool uploadHeader = false)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (uploadHeader) request.Headers.Add(UploadHeaderFilter.RequiredHeader, "1");
        return ProblemAsync(request, expected);
    }

    public static MultipartFormDataContent Files(IEnumerable<(string Name, byte[] Bytes)> files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "files", name);
        }
        return form;
    }

    /// <summary>Every file of a class-per-folder tree, named "class/file" as the Data tab sends them.</summary>
    public static (string Name, byte[] Bytes)[] FolderFiles(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllBytes(f))).ToArray();

    public static StringContent Json(string json, string contentType = "application/json") => new(json, Encoding.UTF8, contentType);

    /// <summary>
    /// Reads a server-sent event stream until the server ends it: each event's type and data, each also handed to
    /// <paramref name="onEvent"/> as it arrives (to act while the run goes on).
    /// </summary>
    public async Task<IReadOnlyList<(string Type, JsonElement Data)>> EventsAsync(string url, TimeSpan timeout, Func<string, JsonElement, Task>? onEvent = null)
    {
        using var cancel = new CancellationTokenSource(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<(string, JsonElement)>();
        await using var stream = await response.Content.ReadAsStreamAsync(cancel.Token);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancel.Token))
        {
            var data = JsonDocument.Parse(item.Data).RootElement.Clone();
            events.Add((item.EventType, data));
            if (onEvent is not null) await onEvent(item.EventType, data);
        }
        return events;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
        _workspace.Dispose();
    }
}
