using System.Text.Json;

namespace SkinCancer.Studio.Export.Tests;

/// <summary>What tools/tfjs/predict.js reports.</summary>
internal sealed record TfjsRun(string Backend, string TfjsVersion, double LoadMs, double FirstPredictionMs, double TotalMs, float[][] Probabilities);

/// <summary>
/// Runs an exported model in real @tensorflow/tfjs under Node (tools/tfjs/predict.js), installing the pinned npm
/// packages first when a fresh checkout has none.
/// </summary>
internal static class TfjsNode
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static string TfMinJs => Path.Combine(RepositoryPaths.TfjsTools, "node_modules", "@tensorflow", "tfjs", "dist", "tf.min.js");

    public static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            var wasm = Path.Combine(RepositoryPaths.TfjsTools, "node_modules", "@tensorflow", "tfjs-backend-wasm", "package.json");
            if (File.Exists(TfMinJs) && File.Exists(wasm)) return;
            var (code, _, error) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], TimeSpan.FromMinutes(5));
            if (code != 0) throw new InvalidOperationException($"npm ci in {RepositoryPaths.TfjsTools} failed ({code}): {error}");
        }
        finally
        {
            InstallLock.Release();
        }
    }

    public static async Task<TfjsRun> PredictAsync(string modelDirectory, string inputsPath, string backend)
    {
        await EnsureInstalledAsync();
        var (code, output, error) = await RunAsync("node",
            [Path.Combine(RepositoryPaths.TfjsTools, "predict.js"), modelDirectory, inputsPath, "--backend", backend],
            TimeSpan.FromMinutes(4));
        if (code != 0) throw new InvalidOperationException($"predict.js failed ({code}): {error}");
        return JsonSerializer.Deserialize<TfjsRun>(output, new JsonSerializerOptions(JsonSerializerDefaults.Web))
               ?? throw new InvalidOperationException("predict.js printed nothing");
    }

    private static Task<(int Code, string Output, string Error)> RunAsync(string program, string[] arguments, TimeSpan timeout) =>
        ExternalTools.RunProcessAsync(program, RepositoryPaths.TfjsTools, arguments, timeout);
}
