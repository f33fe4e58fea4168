using System.Diagnostics;

namespace SkinCancer.Studio.Export.Tests;

/// <summary>Runs the programs the tests drive (python3, node, npm) in a working folder and returns what they printed.</summary>
internal static class ExternalTools
{
    public const string PythonInstall = "the Python preprocessing is tested with Debian's python3-numpy and python3-pil: apt-get install -y python3-numpy python3-pil";

    /// <summary>Runs <paramref name="program"/> and asserts that it succeeded; returns its standard output.</summary>
    public static async Task<string> RunAsync(string program, string workingDirectory, params string[] arguments)
    {
        var (code, output, error) = await RunProcessAsync(program, workingDirectory, arguments, TimeSpan.FromMinutes(3));
        Assert.True(code == 0, $"{program} {string.Join(' ', arguments)} failed ({code}): {error}");
        return output;
    }

    /// <summary>Runs <paramref name="program"/>, killing it after <paramref name="timeout"/>; returns its exit code and what it printed.</summary>
    public static async Task<(int Code, string Output, string Error)> RunProcessAsync(string program, string workingDirectory, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} took longer than {timeout}");
        }
        return (process.ExitCode, await output, await error);
    }

    /// <summary>
    /// A python3 with Pillow and NumPy: Debian's (where apt-get installs them) before whatever else is first on the
    /// PATH (a pyenv shim, for instance). Fails with the install command when there is none.
    /// </summary>
    public static async Task<string> PythonAsync()
    {
        var errors = new List<string>();
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                await RunAsync(candidate, Path.GetTempPath(), "-c", "import numpy, PIL");
                return candidate;
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or Xunit.Sdk.XunitException)
            {
                errors.Add(e.Message);
            }
        }
        Assert.Fail($"{PythonInstall} ({string.Join("; ", errors)})");
        return "";
    }
}
