using System.CommandLine;
using System.Diagnostics;
using SkinCancer.Studio.Core.Export;
using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Cli.Commands;

/// <summary>`studio export &lt;modelDir&gt; --format tfjs|onnx|webapp --out &lt;dir&gt; [--tfjs &lt;tf.min.js&gt;]`.</summary>
internal static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var modelDir = new Argument<string>("modelDir") { Description = "A model folder written by train." };
        var format = new Option<string>("--format")
        {
            Description = "tfjs: model.json + weights for tf.loadLayersModel, with preprocess.js; onnx: one ONNX graph from image tensor to probabilities; webapp: a static page that classifies dropped images in the browser.",
            Required = true,
        };
        format.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is not ("tfjs" or "onnx" or "webapp")) result.AddError($"unknown format '{value}' (tfjs, onnx, webapp)");
        });
        var output = new Option<string>("--out") { Description = "Folder to write the export to.", HelpName = "dir", Required = true };
        var tfjs = new Option<string?>("--tfjs")
        {
            Description = "tf.min.js to ship with the web app. Default: the one the build installs beside the program (tools/tfjs).",
            HelpName = "file",
        };
        var command = new Command("export", "Export a model for TensorFlow.js, ONNX or as a ready-made web app.") { modelDir, format, output, tfjs };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(parse.GetValue(modelDir)!, parse.GetValue(format)!, parse.GetValue(output)!,
            parse.GetValue(tfjs), context, cancellationToken)));
        return command;
    }

    private static int Run(string modelDir, string format, string output, string? tfjsScript, CliContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var model = ModelPackage.Load(modelDir);
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
        return StudioCli.Ok;
    }

    private static string FindTfjsScript() =>
        TfjsScript.Find(AppContext.BaseDirectory, Directory.GetCurrentDirectory())
        ?? throw new FileNotFoundException(
            $"tf.min.js not found: run 'npm ci' in tools/tfjs of the repository, or pass --tfjs <path to tf.min.js> " +
            $"(from the npm package @tensorflow/tfjs {TfjsExporter.TfjsVersion}, dist/tf.min.js)");
}
