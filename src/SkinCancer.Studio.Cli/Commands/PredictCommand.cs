using System.Text.Json;
using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Models;

namespace SkinCancer.Studio.Cli.Commands;

internal static class PredictCommand
{
    public static async Task<int> RunAsync(CommandLine line, CliContext context, CancellationToken cancellationToken)
    {
        line.RequirePositional(2, "studio predict <modelDir> <image>... [--json]");
        var json = line.Flag("json");
        var useCache = !line.Flag("no-cache");
        var threshold = line.Double("threshold");
        line.RejectUnknownOptions();
        var model = ThresholdOverride.Apply(ModelPackage.Load(line.Positional[0]), threshold);
        var runner = new ModelRunner(ResNet18Backbone.Shared, CommandServices.Cache(context, useCache), context.Options.Limits);
        var (predictions, skipped) = await runner.PredictFilesAsync(model, line.Positional.Skip(1).ToArray(), cancellationToken);

        foreach (var s in skipped) context.Error.WriteLine($"skipped: {s.Path}: {s.Reason}");
        if (json)
        {
            var rows = predictions.Select(p => new { p.Path, p.Predicted, p.Probabilities });
            context.Out.WriteLine(JsonSerializer.Serialize(rows, StudioJson.Options));
        }
        else
        {
            foreach (var p in predictions)
            {
                context.Out.WriteLine($"{p.Path}: {p.Predicted} ({string.Join(", ", p.Probabilities.Select(kv => $"{kv.Key} {kv.Value:P1}"))})");
            }
        }
        return predictions.Count == 0 ? StudioCli.Failed : StudioCli.Ok;
    }
}
