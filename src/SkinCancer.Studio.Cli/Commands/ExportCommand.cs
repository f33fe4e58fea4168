using System.Diagnostics;
using SkinCancer.Studio.Core.Export;
using SkinCancer.Studio.Core.Models;

namespace SkinCancer.Studio.Cli.Commands;

/// <summary>`studio export &lt;modelDir&gt; --format tfjs|onnx|webapp --out &lt;dir&gt; [--tfjs &lt;tf.min.js&gt;]`.</summary>
internal static class ExportCommand
{
    private const string Syntax = "studio export <modelDir> --format tfjs|onnx|webapp --out <dir> [--tfjs <path to tf.min.js>]";

    public static Task<int> RunAsync(CommandLine line, CliContext context, CancellationToken cancellationToken)
    {
        line.RequirePositional(1, Syntax);
        var format = line.String("format") ?? throw new UsageException($"--format is required; usage: {Syntax}");
        var output = line.String("out") ?? throw new UsageException($"--out is required; usage: {Syntax}");
        var tfjsScript = line.String("tfjs");
        line.RejectUnknownOptions();
        cancellationToken.ThrowIfCancellationRequested();

        var model = ModelPackage.Load(line.Positional[0]);
        var clock = Stopwatch.StartNew();
        var result = format switch
        {
            "tfjs" => new TfjsExporter().Export(model, output),
            "onnx" => new OnnxExporter().Export(model, output),
            "webapp" => new WebAppExporter(tfjsScript ?? FindTfjsScript()).Export(model, output),
            _ => throw new UsageException($"unknown format '{format}' (tfjs, onnx, webapp)"),
        };
        context.Out.WriteLine($"exported {format} to {Path.GetFullPath(result.Directory)}: {result.Files.Count} files, " +
                              $"{result.TotalBytes / 1e6:0.0} MB in {clock.Elapsed.TotalSeconds:0.0} s");
        if (model.Metadata.TestTimeViews.Count > 1)
        {
            context.Out.WriteLine($"the export averages over the model's {model.Metadata.TestTimeViews.Count} test-time views, as the studio does");
        }
        return Task.FromResult(StudioCli.Ok);
    }

    private static string FindTfjsScript() =>
        TfjsScript.Find(AppContext.BaseDirectory, Directory.GetCurrentDirectory())
        ?? throw new FileNotFoundException(
            $"tf.min.js not found: run 'npm ci' in tools/tfjs of the repository, or pass --tfjs <path to tf.min.js> " +
            $"(from the npm package @tensorflow/tfjs {TfjsExporter.TfjsVersion}, dist/tf.min.js)");
}
