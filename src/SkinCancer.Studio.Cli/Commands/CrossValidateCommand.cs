using System.CommandLine;
using System.Text.Json;
using SkinCancer.Studio.Cli.Options;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Imaging;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Core.Training;
using SkinCancer.Studio.Core.Training.Options;
using SkinCancer.Studio.FineTuning.Training;

namespace SkinCancer.Studio.Cli.Commands;

/// <summary>`studio crossvalidate`: the k-fold measurement behind docs/accuracy.md.</summary>
internal static class CrossValidateCommand
{
    public static Command Create(CliContext context)
    {
        var folder = new Argument<string>("folder") { Description = "Labelled images: one subfolder per class." };
        var json = CommonFlags.Json();
        var folds = CommonFlags.Value("--folds", 5, "Number of folds; near-duplicate images always fall in the same fold.", "N");
        var training = new TrainingOptionFlags(context.Options.Training);
        var command = new Command("crossvalidate", "Measure the training options by k-fold cross-validation (near-duplicates grouped): the frozen-feature head, and with --fine-tune on also the fine-tuned network on the same folds. The method behind docs/accuracy.md.")
        {
            folder, json, folds,
        };
        training.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(folder)!, parse.GetValue(json), parse.GetValue(folds),
            training.Read(parse, context.Options.Training), context, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string folder, bool json, int folds, TrainingOptions options,
        CliContext context, CancellationToken cancellationToken)
    {
        options.Validate();

        var bar = CommandServices.ProgressBar(context);
        var pipeline = new TrainingPipeline(ResNet18Backbone.Shared, CommandServices.Cache(context, true)!, context.Options.Limits);
        bool augment = false, tta = false;
        int heads = 1;
        var prepared = await pipeline.PrepareAsync(folder, report =>
        {
            // A run that augments after its fast model keeps the augmented head where it validates better, as it did in
            // every fold measured (docs/accuracy.md): the folds score the augmented head.
            var plan = AugmentationPlan.For(options, report.Images.Count);
            (augment, tta, heads) = (plan.FromStart || plan.AfterFastModel, plan.TestTimeAugmentation, plan.HeadsFor(options, fineTunes: options.FineTune == true));
            if (plan.AfterFastModel) context.Error.WriteLine($"augmentation ({OnOffAuto.Name(options.Augment)}): {plan.Reason}; the folds score the head trained on the eight views");
            return augment || tta ? ImageViews.Dihedral : ImageViews.IdentityOnly;
        }, FeatureLayout.Parse(options.FeatureBlocks), p => { if (p is FeaturizationProgress f) bar.Report(f); }, cancellationToken);

        var trainViews = augment ? ImageViews.Dihedral : ImageViews.IdentityOnly;
        var testViews = tta ? ImageViews.Dihedral : ImageViews.IdentityOnly;
        options = options with { EnsembleSize = heads }; // as a run decides it
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
            trainViews, testViews, cancellationToken);
        if (json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(new { options, augment, tta, folds, result }, StudioJson.Options));
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
