using System.Net;
using System.Net.Sockets;

namespace SkinCancer.Studio.Export.Tests;

/// <summary>
/// A plain static file server on loopback, like any static host the exported web app would be put on. It serves the
/// folder under /app/, not at the root, as a project page or the studio's /try/…/ does: a file fetched from anywhere
/// else is a 404, so a page that resolves a URL against the site's root instead of its own folder fails here too.
/// </summary>
internal sealed class StaticFileServer : IDisposable
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript",
        [".json"] = "application/json",
        [".bin"] = "application/octet-stream",
    };

    private readonly HttpListener _listener = new();
    private readonly string _root;
    private readonly Task _loop;

    public StaticFileServer(string root)
    {
        _root = Path.GetFullPath(root);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        Url = $"http://127.0.0.1:{port}{Folder}";
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    private const string Folder = "/app/";

    public string Url { get; }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            var requested = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath);
            var name = Path.GetFileName(requested);
            var path = Path.Combine(_root, name.Length == 0 ? "index.html" : name);
            using var response = context.Response;
            if (!requested.StartsWith(Folder, StringComparison.Ordinal) || requested.LastIndexOf('/') != Folder.Length - 1 || !File.Exists(path))
            {
                response.StatusCode = 404;
                continue;
            }
            response.ContentType = ContentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
            var bytes = await File.ReadAllBytesAsync(path);
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes);
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
