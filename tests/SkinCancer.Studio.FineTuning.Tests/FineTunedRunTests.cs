using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Explanations;
using SkinCancer.Studio.Core.Export;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Export.Tests;
using SkinCancer.Studio.FineTuning.Training;
using Xunit.Abstractions;

namespace SkinCancer.Studio.FineTuning.Tests;

/// <summary>
/// A whole run with fine-tuning on, through the studio's pipeline: the model keeps the fine-tuned network, says so in
/// its metadata, and evaluation, prediction and the ONNX and TF.js exports all run the fine-tuned backbone.
/// </summary>
public sealed class FineTunedRunTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_fine_tuned_run_is_kept_and_every_inference_path_uses_it()
    {
        using var temp = new TempDirectory();
        SideDiscs.WriteClassFolders(temp.Combine("train"), perClass: 20);
        // One view: a mirror image moves the disc to the other side, i.e. changes the class (SideDiscs), so mirrored maps
        // would train and validate against the label.
        var options = FineTuningFixture.BriskOptions with { FineTune = true, Augment = false, ValidationSplit = 0.35, FineTuneViews = 1 };

        var pipeline = new TrainingPipeline(ResNet18Backbone.Shared, new FeatureCache(temp.Combine("workspace")), new StudioLimits(), new StageFourFineTuning())
        {
            SaveFrozenModelFirst = true,
        };
        var progress = new List<RunProgress>();
        ModelPackage? duringFineTuning = null;
        void OnProgress(RunProgress p)
        {
            progress.Add(p);
            // The fast model first: while fine-tuning runs, the model folder already holds the complete frozen model.
            if (p is FineTuningProgress && duringFineTuning is null) duringFineTuning = ModelPackage.Load(temp.Combine("model"));
        }
        var run = await pipeline.TrainAsync(temp.Combine("train"), options, temp.Combine("model"), OnProgress);
        var info = run.Model.Metadata.FineTuning!;
        output.WriteLine(info.Reason);

        Assert.True(info.Ran);
        Assert.True(info.Kept, info.Reason);
        Assert.Equal("on", info.Mode);
        Assert.Equal(["stage4"], info.Stages);
        Assert.Equal(["featurize", "head", "stage-maps", "fine-tune"], info.PhaseSeconds.Keys);
        Assert.Contains(progress, p => p is Core.Training.EpochMetrics { Phase: "fine-tune" });
        Assert.Contains(progress, p => p is FineTuningProgress);

        var saved = Assert.Single(progress.OfType<FrozenModelSaved>());
        Assert.True(progress.IndexOf(saved) < progress.FindIndex(p => p is FineTuningProgress));
        Assert.Equal(Path.GetFullPath(temp.Combine("model")), saved.ModelDirectory);
        Assert.NotNull(duringFineTuning);
        Assert.Null(duringFineTuning.BackbonePath);
        Assert.False(duringFineTuning.Metadata.FineTuning!.Ran);
        Assert.Equal(run.Training.Best!.ValidationAccuracy, duringFineTuning.Metadata.Validation.Accuracy);

        var model = ModelPackage.Load(temp.Combine("model"));
        Assert.Equal(Path.GetFullPath(temp.Combine("model", ModelPackage.BackboneFile)), model.BackbonePath);
        var images = Directory.GetFiles(temp.Combine("train"), "*.png", SearchOption.AllDirectories).Order().Take(6).ToArray();
        var runner = new ModelRunner(ResNet18Backbone.Shared, cache: null, new StudioLimits());
        var (fineTuned, _) = await runner.PredictFilesAsync(model, images);
        var (frozenBackbone, _) = await runner.PredictFilesAsync(model with { BackbonePath = null }, images);
        Assert.True(Differences(fineTuned, frozenBackbone, model.Metadata.Labels).Max() > 1e-3, "predictions come from the fine-tuned backbone");

        var evaluation = await runner.EvaluateAsync(model, temp.Combine("train"));
        var evaluated = images.Select(i => evaluation.Images.Single(p => Path.GetFileName(p.Path) == Path.GetFileName(i))).ToArray();
        Assert.InRange(Differences(fineTuned, evaluated, model.Metadata.Labels).Max(), 0, 1e-6);

        // Explanations run the same fine-tuned graph: their probabilities are the prediction's.
        var explainer = new ModelExplainer(new StudioLimits());
        foreach (var (image, prediction) in images.Zip(fineTuned))
        {
            var explanation = explainer.ExplainWithOverlay(model, File.ReadAllBytes(image)).Explanation;
            Assert.InRange(model.Metadata.Labels.Max(l => Math.Abs(explanation.Probabilities[l] - prediction.Probabilities[l])), 0, 1e-4);
        }

        var export = temp.Combine("onnx");
        new OnnxExporter().Export(model, export);
        var exported = OnnxExportRunner.Predict(Path.Combine(export, OnnxExporter.ModelFile), ExportInputs.FromFiles(images));
        var studio = fineTuned.Select(p => model.Metadata.Labels.Select(l => (float)p.Probabilities[l]).ToArray()).ToArray();
        Assert.InRange(exported.Zip(studio, (a, b) => BackboneInputs.MaxAbsDifference(a, b)).Max(), 0, 1e-5f);

        var tfjs = temp.Combine("tfjs");
        new TfjsExporter().Export(model, tfjs);
        var inputs = temp.Combine("inputs.bin");
        ExportInputs.Write(inputs, ExportInputs.FromFiles(images));
        var inBrowserLibrary = await TfjsNode.PredictAsync(tfjs, inputs, "cpu");
        Assert.InRange(inBrowserLibrary.Probabilities.Zip(studio, (a, b) => BackboneInputs.MaxAbsDifference(a, b)).Max(), 0, 1e-4f);
    }

    private static IEnumerable<double> Differences(IReadOnlyList<ImagePrediction> a, IReadOnlyList<ImagePrediction> b, IReadOnlyList<string> labels) =>
        a.Zip(b).SelectMany(p => labels.Select(l => Math.Abs(p.First.Probabilities[l] - p.Second.Probabilities[l])));
}
