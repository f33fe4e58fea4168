using System.Text.Json;
using System.Text.Json.Serialization;
using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Explanations;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Models;

namespace SkinCancer.Studio.Cli.Commands;

internal static class PredictCommand
{
    private sealed record Row(string Path, string Predicted, IReadOnlyDictionary<string, double> Probabilities)
    {
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public ExplanationFile? Explanation { get; init; }
    }

    public static async Task<int> RunAsync(CommandLine line, CliContext context, CancellationToken cancellationToken)
    {
        line.RequirePositional(2, "studio predict <modelDir> <image>... [--explain <dir>] [--json]");
        var json = line.Flag("json");
        var useCache = !line.Flag("no-cache");
        var threshold = line.Double("threshold");
        var explainFolder = line.String("explain");
        line.RejectUnknownOptions();
        var model = ThresholdOverride.Apply(ModelPackage.Load(line.Positional[0]), threshold);
        var runner = new ModelRunner(ResNet18Backbone.Shared, CommandServices.Cache(context, useCache), context.Options.Limits);
        var (predictions, skipped) = await runner.PredictFilesAsync(model, line.Positional.Skip(1).ToArray(), cancellationToken);

        foreach (var s in skipped) context.Error.WriteLine($"skipped: {s.Path}: {s.Reason}");
        var explanations = explainFolder is null
            ? new Dictionary<string, ExplanationFile>()
            : ExplanationFiles.Write(new ModelExplainer(context.Options.Limits), model, predictions, explainFolder, context.Error);
        if (json)
        {
            var rows = predictions.Select(p => new Row(p.Path, p.Predicted, p.Probabilities) { Explanation = explanations.GetValueOrDefault(p.Path) });
            context.Out.WriteLine(JsonSerializer.Serialize(rows, StudioJson.Options));
        }
        else
        {
            foreach (var p in predictions)
            {
                var overlay = explanations.TryGetValue(p.Path, out var e) ? $" → {e.Overlay}" : "";
                context.Out.WriteLine($"{p.Path}: {p.Predicted} ({string.Join(", ", p.Probabilities.Select(kv => $"{kv.Key} {kv.Value:P1}"))}){overlay}");
            }
        }
        return predictions.Count == 0 ? StudioCli.Failed : StudioCli.Ok;
    }
}
