using System.CommandLine;
using System.Text.Json;
using SkinCancer.Studio.Cli.Options;
using SkinCancer.Studio.Core.Datasets;
using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Cli.Commands;

internal static class EvaluateCommand
{
    public static Command Create(CliContext context)
    {
        var modelDir = new Argument<string>("modelDir") { Description = "A model folder written by train." };
        var folder = new Argument<string>("folder") { Description = "Test images: one subfolder per class, named as in training." };
        var json = CommonFlags.Json();
        var noCache = CommonFlags.NoCache();
        var threshold = CommonFlags.Threshold();
        var command = new Command("evaluate", "Score a model on a labelled test folder: accuracy, per-class precision and recall, confusion matrix, ROC, every image's prediction.")
        {
            modelDir, folder, json, noCache, threshold,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(modelDir)!, parse.GetValue(folder)!, parse.GetValue(json),
            !parse.GetValue(noCache), parse.GetValue(threshold), context, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string modelDir, string folder, bool json, bool useCache, double? threshold,
        CliContext context, CancellationToken cancellationToken)
    {
        var model = ThresholdOverride.Apply(ModelPackage.Load(modelDir), threshold);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"folder not found: {folder}");

        var bar = CommandServices.ProgressBar(context);
        var runner = new ModelRunner(ResNet18Backbone.Shared, CommandServices.Cache(context, useCache), context.Options.Limits);
        // The CLI's test images are a folder scanned now; the studio's come from its catalogue, into the same evaluation.
        var report = await runner.EvaluateAsync(model, new FolderDataset(folder), p =>
        {
            if (p is FeaturizationProgress f) bar.Report(f);
        }, cancellationToken);

        if (json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(report, StudioJson.Options));
            return StudioCli.Ok;
        }
        foreach (var skipped in report.Skipped) context.Error.WriteLine($"skipped: {skipped.Path}: {skipped.Reason}");
        context.Out.WriteLine($"accuracy {report.Accuracy:P2} on {report.Images.Count} images" + (report.Auc is { } auc ? $", ROC AUC {auc:F4}" : ""));
        if (report.Threshold is { } t) context.Out.WriteLine($"decision threshold: '{t.PositiveLabel}' when its probability ≥ {t.Value:F3}");
        if (report.NearDuplicatesOfTraining.Count > 0)
        {
            context.Error.WriteLine($"warning: {report.NearDuplicatesOfTraining.Count} test image(s) nearly duplicate training images; the score may be optimistic");
        }
        foreach (var (label, m) in report.PerClass)
        {
            context.Out.WriteLine($"  {label,-20} precision {m.Precision:P1}  recall {m.Recall:P1}  F1 {m.F1:F3}  support {m.Support}");
        }
        context.Out.WriteLine("confusion (rows: true label, columns: predicted):");
        context.Out.WriteLine("  " + string.Join(" ", report.Labels.Select(l => $"{l,12}")));
        for (int i = 0; i < report.Labels.Count; i++)
        {
            context.Out.WriteLine($"  {string.Join(" ", report.Confusion[i].Select(v => $"{v,12}"))}   {report.Labels[i]}");
        }
        return StudioCli.Ok;
    }
}
