using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace SkinCancer.Studio.EndToEnd;

/// <summary>The real studio, started from its build output as a child process on a free loopback port.</summary>
public sealed class StudioApp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private StudioApp(Process process, string baseUrl, string workspace)
    {
        _process = process;
        BaseUrl = baseUrl;
        Workspace = workspace;
    }

    public string BaseUrl { get; }
    public string Workspace { get; }
    public int ProcessId => _process.Id;
    public string Output { get { lock (_output) return string.Join('\n', _output); } }

    public static string AppDll
    {
        get
        {
            var recorded = typeof(StudioApp).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "StudioAppPath")?.Value;
            var path = Environment.GetEnvironmentVariable("STUDIO_APP_DLL") ?? recorded;
            if (path is null || !File.Exists(path)) throw new FileNotFoundException($"the studio's build output was not found at '{path}'");
            return path;
        }
    }

    public static async Task<StudioApp> StartAsync(string workspace)
    {
        int port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { AppDll, "--urls", baseUrl, "--Studio:Workspace", workspace },
            WorkingDirectory = Path.GetDirectoryName(AppDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the studio");
        var app = new StudioApp(process, baseUrl, workspace);
        process.OutputDataReceived += (_, e) => app.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => app.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await app.WaitUntilServingAsync();
        return app;
    }

    private void Collect(string? line)
    {
        if (line is null) return;
        lock (_output) _output.Add(line);
    }

    private async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the studio exited with code {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await http.GetAsync(BaseUrl)).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Still starting.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"the studio did not answer within 60 s:\n{Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
