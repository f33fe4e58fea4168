using System.Text.Json;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Imaging;
using SkinCancer.Studio.Core.Models;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Core.Training;
using SkinCancer.Studio.FineTuning.Training;

namespace SkinCancer.Studio.Cli.Commands;

/// <summary>`studio crossvalidate`: the k-fold measurement behind docs/accuracy.md.</summary>
internal static class CrossValidateCommand
{
    public static async Task<int> RunAsync(CommandLine line, CliContext context, CancellationToken cancellationToken)
    {
        line.RequirePositional(1, "studio crossvalidate <folder> [--folds 5] [--augment 0|1] [--tta 0|1] [--ensemble N] [--fine-tune on] [training options] [--json]");
        var json = line.Flag("json");
        int folds = line.Int("folds") ?? 5;
        int ensemble = line.Int("ensemble") ?? 1;
        var options = TrainingOptionsFromLine.Read(line, context.Options.Training);
        line.RejectUnknownOptions();
        options.Validate();

        var bar = CommandServices.ProgressBar(context);
        var pipeline = new TrainingPipeline(ResNet18Backbone.Shared, CommandServices.Cache(context, true)!, context.Options.Limits);
        bool augment = false, tta = false;
        var prepared = await pipeline.PrepareAsync(line.Positional[0], report =>
        {
            (augment, tta) = options.ResolveAugmentation(report.Images.Count);
            return augment || tta ? ImageViews.Dihedral : ImageViews.IdentityOnly;
        }, FeatureLayout.Parse(options.FeatureBlocks), p => { if (p is FeaturizationProgress f) bar.Report(f); }, cancellationToken);

        var trainViews = augment ? ImageViews.Dihedral : ImageViews.IdentityOnly;
        var testViews = tta ? ImageViews.Dihedral : ImageViews.IdentityOnly;
        // Only an explicit --fine-tune on cross-validates fine-tuning (each fold fine-tunes: minutes per fold on a large set).
        if (options.FineTune == true)
        {
            var tuned = FineTuningCrossValidation.Run(prepared, options, FeatureLayout.Parse(options.FeatureBlocks), folds, trainViews, testViews,
                p => { if (p is FineTuningProgress t) bar.Report(t); }, cancellationToken);
            if (json)
            {
                context.Out.WriteLine(JsonSerializer.Serialize(new { options, augment, tta, folds, tuned.Frozen, tuned.FineTuned, tuned.FoldsKept }, StudioJson.Options));
            }
            else
            {
                context.Out.WriteLine($"frozen      {Describe(tuned.Frozen, prepared.Labels)}");
                context.Out.WriteLine($"fine-tuned  {Describe(tuned.FineTuned, prepared.Labels)}  (fine-tuned network kept in {tuned.FoldsKept} of {folds} folds)");
            }
            return StudioCli.Ok;
        }

        var result = CrossValidation.Run(prepared.Samples, prepared.Labels.Count, options, folds,
            trainViews, testViews, ensemble, cancellationToken);
        if (json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(new { options, augment, tta, ensemble, folds, result }, StudioJson.Options));
        }
        else
        {
            context.Out.WriteLine(Describe(result, prepared.Labels));
        }
        return StudioCli.Ok;
    }

    private static string Describe(CrossValidationResult result, IReadOnlyList<string> labels) =>
        $"accuracy {result.Accuracy}" +
        (result.Sensitivity is { } s ? $"  sensitivity ({labels[1]}) {s}  specificity {result.Specificity}" : "") +
        $"  best epochs {string.Join(",", result.Folds.Select(f => f.BestEpoch))}";
}
