using System.CommandLine;
using System.Text.Json;
using SkinCancer.Studio.Cli.Options;
using System.Text.Json.Serialization;
using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Explanations;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Cli.Commands;

internal static class PredictCommand
{
    private sealed record Row(string Path, string Predicted, IReadOnlyDictionary<string, double> Probabilities)
    {
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public ExplanationFile? Explanation { get; init; }
    }

    public static Command Create(CliContext context)
    {
        var modelDir = new Argument<string>("modelDir") { Description = "A model folder written by train." };
        var images = new Argument<string[]>("image") { Description = "Image files to classify.", Arity = ArgumentArity.OneOrMore };
        var json = CommonFlags.Json();
        var noCache = CommonFlags.NoCache();
        var threshold = CommonFlags.Threshold();
        var explain = new Option<string?>("--explain")
        {
            Description = "Also write a Grad-CAM heat map of each image (PNG overlay and raw map) into this folder: which parts of the image the prediction rests on. Default: no heat maps.",
            HelpName = "dir",
        };
        var command = new Command("predict", "Classify images with a trained model.") { modelDir, images, json, noCache, threshold, explain };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(modelDir)!, parse.GetValue(images)!, parse.GetValue(json),
            !parse.GetValue(noCache), parse.GetValue(threshold), parse.GetValue(explain), context, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string modelDir, string[] images, bool json, bool useCache, double? threshold, string? explainFolder,
        CliContext context, CancellationToken cancellationToken)
    {
        var model = ThresholdOverride.Apply(ModelPackage.Load(modelDir), threshold);
        var runner = new ModelRunner(ResNet18Backbone.Shared, CommandServices.Cache(context, useCache), context.Options.Limits);
        var (predictions, skipped) = await runner.PredictFilesAsync(model, images, cancellationToken);

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
