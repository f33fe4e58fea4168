using System.CommandLine;
using System.Text.Json;
using SkinCancer.Studio.Cli.Options;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Core.Training;
using SkinCancer.Studio.FineTuning.Training;

namespace SkinCancer.Studio.Cli.Commands;

internal static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        var folder = new Argument<string>("folder") { Description = "Training images: one subfolder per class." };
        var output = new Option<string>("--out") { Description = "Folder to write the model to (metadata.json, head.bin, backbone.onnx when fine-tuned).", HelpName = "modelDir", Required = true };
        var json = CommonFlags.Json();
        var noCache = CommonFlags.NoCache();
        var training = new TrainingOptionFlags(context.Options.Training);
        var command = new Command("train", "Train a classifier on a folder of labelled images: frozen ResNet18 features and a head, then fine-tuning when it is on (or auto and within budget).")
        {
            folder, output, json, noCache,
        };
        training.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(folder)!, parse.GetValue(output)!, parse.GetValue(json), !parse.GetValue(noCache),
            training.Read(parse, context.Options.Training), context, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string folder, string output, bool json, bool useCache, TrainingOptions options,
        CliContext context, CancellationToken cancellationToken)
    {
        options.Validate();
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"folder not found: {folder}");

        var log = json ? context.Error : context.Out;
        var bar = CommandServices.ProgressBar(context);
        using var backbone = new ResNet18Backbone(ResNet18Backbone.DefaultModelPath);
        var fineTuning = new BackboneReleasingPhase(new StageFourFineTuning(), backbone);
        var pipeline = new TrainingPipeline(backbone, CommandServices.Cache(context, useCache)!, context.Options.Limits, fineTuning) { SaveFrozenModelFirst = true };
        void OnProgress(RunProgress progress)
        {
            switch (progress)
            {
                case FeaturizationProgress f:
                    bar.Report(f);
                    break;
                case FineTuningProgress t:
                    bar.Report(t);
                    break;
                case FineTuningPlan plan:
                    log.WriteLine($"fine-tuning ({plan.Mode}): {plan.Reason}");
                    break;
                case FrozenModelSaved saved:
                    log.WriteLine($"frozen model saved to {saved.ModelDirectory} (validation accuracy {saved.ValidationAccuracy:P1}): usable now; a model that validates better may replace it");
                    break;
                case EpochMetrics m:
                    log.WriteLine(FormatEpoch(m));
                    break;
            }
        }

        var run = await pipeline.TrainAsync(folder, options, output, OnProgress, cancellationToken);

        // Every file that is not used is named on stderr, so the human-readable run accounts for the folder as --json does.
        foreach (var skipped in run.Dataset.Skipped) context.Error.WriteLine($"skipped: {skipped.Path}: {skipped.Reason}");
        foreach (var group in run.Dataset.Duplicates)
        {
            foreach (var copy in group.Duplicates) context.Error.WriteLine($"duplicate: {copy}: same content as {group.Kept}, used once");
        }
        foreach (var conflict in run.Dataset.Conflicts)
        {
            context.Error.WriteLine($"conflict: {string.Join(", ", conflict.Paths)}: the same image under {string.Join(" and ", conflict.Labels.Select(l => $"'{l}'"))}, none used");
        }
        foreach (var warning in run.Warnings) context.Error.WriteLine($"warning: {warning}");
        var best = run.Training.Best;
        if (json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(TrainOutput.From(run), StudioJson.Options));
        }
        else
        {
            log.WriteLine($"best epoch {run.Training.BestEpoch}: validation accuracy {best?.ValidationAccuracy:P2}, loss {best?.ValidationLoss:F4}");
            log.WriteLine($"featurized in {run.FeaturizationTime.TotalSeconds:F1} s ({run.FeaturesFromCache} from cache, {run.FeaturesComputed} computed), trained in {run.TrainingTime.TotalSeconds:F1} s");
            if (run.Model.Metadata.Augmentation is { } views) log.WriteLine($"augmentation ({views.Mode}): {views.Reason}");
            if (run.Model.Metadata.Hyperparameters.EnsembleSize is > 1 and var heads)
            {
                log.WriteLine($"head: {Core.Training.HeadEnsemble.Describe(heads, run.Model.Metadata.Hyperparameters.HiddenUnits, run.Model.Metadata.Validation.OutOfFold)}");
            }
            if (run.Model.Metadata.FineTuning is { } tuning) log.WriteLine($"fine-tuning ({tuning.Mode}): {tuning.Reason}");
            if (run.Model.Metadata.Threshold is { } t)
            {
                log.WriteLine($"decision threshold for '{t.PositiveLabel}': {t.Value:F3} (validation sensitivity {t.ValidationSensitivity:P1}, specificity {t.ValidationSpecificity:P1})");
            }
            log.WriteLine($"model saved to {run.ModelDirectory}");
        }
        return StudioCli.Ok;
    }

    private static string FormatEpoch(EpochMetrics m) =>
        $"{(m.Phase == "head" ? "" : m.Phase + " ")}epoch {m.Epoch,3}  loss {m.TrainLoss:F4}  accuracy {m.TrainAccuracy:P1}" +
        (m.ValidationLoss is { } vl ? $"  val_loss {vl:F4}  val_accuracy {m.ValidationAccuracy:P1}" : "") +
        $"  ({m.Elapsed.TotalSeconds:F1} s)";
}
