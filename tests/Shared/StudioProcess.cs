using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace SkinCancer.Studio.Testing;

/// <summary>
/// The real studio, started from its build output as a child process on a free port (used by the end-to-end and the
/// reliability tests). Each test assembly records the app's path in an AssemblyMetadata "StudioAppPath" attribute.
/// </summary>
internal sealed class StudioProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private StudioProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>`dotnet app.dll` hosts the app in the process it starts, so this is the server's own id (for /proc readings).</summary>
    public int ProcessId => _process.Id;
    public string LoopbackUrl => $"http://127.0.0.1:{Port}";
    public string BaseUrl => LoopbackUrl;

    /// <summary>Starts the app on loopback with a workspace and returns once it serves pages; a start that fails leaves no process.</summary>
    public static async Task<StudioProcess> StartServingAsync(string workspace, params string[] extraArgs)
    {
        var app = Start("127.0.0.1", workspace, extraArgs);
        try
        {
            await app.WaitUntilServingAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, as a power cut or the OOM killer would.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }
    /// <summary>SIGTERM, as systemd, docker stop or Ctrl+C would: the host shuts down gracefully.</summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await kill.WaitForExitAsync();
        if (!await WaitForExitAsync(timeout)) throw new TimeoutException($"the studio did not stop within {timeout.TotalSeconds:0} s of SIGTERM:\n{Output}");
    }

    public string Output { get { lock (_output) return string.Join('\n', _output); } }
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    private static string AppDll
    {
        get
        {
            var recorded = typeof(StudioProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "StudioAppPath")?.Value;
            var path = Environment.GetEnvironmentVariable("STUDIO_APP_DLL") ?? recorded;
            if (path is null || !File.Exists(path)) throw new FileNotFoundException($"the studio's build output was not found at '{path}'");
            return path;
        }
    }

    /// <summary>Starts the app listening on <paramref name="host"/> at a free port; does not wait for it to serve.</summary>
    public static StudioProcess Start(string host, string workspace, params string[] extraArgs)
    {
        int port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(AppDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { AppDll, "--urls", $"http://{host}:{port}", "--Studio:Workspace", workspace }.Concat(extraArgs)) start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("Studio__AccessSecret");
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the studio");
        var app = new StudioProcess(process, port);
        process.OutputDataReceived += (_, e) => app.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => app.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    private void Collect(string? line)
    {
        if (line is null) return;
        lock (_output) _output.Add(line);
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Waits until the app answers on loopback (any status: with a secret, the answer is a sign-in redirect).</summary>
    public async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the studio exited with code {_process.ExitCode}:\n{Output}");
            try
            {
                await http.GetAsync(LoopbackUrl);
                return;
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
