using System.Collections.Concurrent;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Export;
using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Web.Serving;

/// <summary>
/// A run's exports (tfjs, onnx, webapp), built on first request into the project's folder and reused afterwards.
/// Built in a temporary folder and renamed into place, so a crash never leaves a half-written export that is served.
/// </summary>
public sealed class RunExports(ProjectFolders folders)
{
    public static readonly IReadOnlyList<string> Formats = ["tfjs", "onnx", "webapp"];

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _building = new();

    /// <summary>
    /// Bumped whenever the exporters' output changes (2: the web app loads its weights relative to its own folder; 3: the
    /// exports ship the studio's preprocessing, preprocess.js/.py), so an export cached by an older studio is rebuilt instead of served.
    /// </summary>
    public const int Revision = 3;

    /// <summary>
    /// The export of the <paramref name="modelRevision"/>th saved version of the run's model: a fine-tuning run's frozen
    /// model is exported apart from the model the run keeps at the end (<see cref="RunRecord.ModelRevision"/>).
    /// </summary>
    public string Directory(string projectId, string runId, string format, int modelRevision) =>
        Path.Combine(RunFolder(projectId, runId), $"{format}-r{Revision}-m{modelRevision}");

    private string RunFolder(string projectId, string runId) => Path.Combine(folders.Project(projectId), "exports", CatalogueIds.Require(runId));

    /// <summary>The folder holding the export; throws <see cref="FileNotFoundException"/> when tf.min.js is not installed (web app).</summary>
    public async Task<string> GetAsync(string projectId, string runId, string format, LoadedModel model)
    {
        if (!Formats.Contains(format)) throw new ArgumentException($"unknown export format '{format}' (tfjs, onnx, webapp)");
        var target = Directory(projectId, runId, format, model.Revision);
        if (System.IO.Directory.Exists(target)) return target;

        var gate = _building.GetOrAdd(target, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try
        {
            if (System.IO.Directory.Exists(target)) return target;
            // Under the gate this process is the only writer: a staging folder left by a killed process is removed, and
            // so are this format's exports from older exporters or of older versions of the run's model.
            FolderSwap.RecoverInterrupted(target);
            RemoveOlderRevisions(projectId, runId, format, model.Revision);
            var staging = FolderSwap.StagingFor(target);
            try
            {
                await Task.Run(() => Build(format, model.Package, staging));
                System.IO.Directory.Move(staging, target);
            }
            finally
            {
                if (System.IO.Directory.Exists(staging)) System.IO.Directory.Delete(staging, recursive: true);
            }
            return target;
        }
        finally
        {
            gate.Release();
        }
    }

    private void RemoveOlderRevisions(string projectId, string runId, string format, int modelRevision)
    {
        var runFolder = RunFolder(projectId, runId);
        if (!System.IO.Directory.Exists(runFolder)) return;
        var current = $"{format}-r{Revision}-m";
        foreach (var old in System.IO.Directory.GetDirectories(runFolder))
        {
            var name = Path.GetFileName(old);
            if (name != format && !name.StartsWith($"{format}-r", StringComparison.Ordinal)) continue;
            // A newer model's export stays: a request that loaded the older model just before the run ended comes late.
            if (name.StartsWith(current, StringComparison.Ordinal) && int.TryParse(name.AsSpan(current.Length), out int built) && built >= modelRevision) continue;
            System.IO.Directory.Delete(old, recursive: true);
        }
    }

    private static void Build(string format, ModelPackage model, string directory)
    {
        switch (format)
        {
            case "tfjs":
                new TfjsExporter().Export(model, directory);
                break;
            case "onnx":
                new OnnxExporter().Export(model, directory);
                break;
            default:
                var script = TfjsScript.Find(AppContext.BaseDirectory, Environment.CurrentDirectory)
                             ?? throw new FileNotFoundException(
                                 "tf.min.js is not installed: build the studio with Node.js and npm available (the build runs 'npm ci' in tools/tfjs) to enable the web app export");
                new WebAppExporter(script).Export(model, directory);
                break;
        }
    }
}
