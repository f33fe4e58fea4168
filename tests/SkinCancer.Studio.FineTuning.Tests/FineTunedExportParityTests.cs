using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Export;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Export.Tests;
using SkinCancer.Studio.FineTuning.Training;
using Xunit.Abstractions;

namespace SkinCancer.Studio.FineTuning.Tests;

/// <summary>
/// The promise for a fine-tuned model: a short fine-tuning run on a few real flower photos (JPEGs of mixed
/// sizes), then its exports on photos it was not trained on, as their users run them: the ONNX export fed by its own
/// preprocess.py (≤ 1e-5), and the web app (TF.js, preprocess.js) in Chromium (≤ 1e-4), against the studio's predict,
/// with the same labels.
/// </summary>
public sealed class FineTunedExportParityTests(ITestOutputHelper output)
{
    private const double OnnxTolerance = 1e-5;

    [FlowerPhotosFact]
    public async Task A_fine_tuned_models_exports_predict_real_photos_as_the_studio_does()
    {
        using var temp = new TempDirectory();
        var byClass = new[] { "daisy", "sunflowers", "tulips" }
            .Select(c => Directory.GetFiles(Path.Combine(FlowerPhotosFactAttribute.Folder, c), "*.jpg").Order(StringComparer.Ordinal).ToArray()).ToArray();
        foreach (var files in byClass)
        {
            var label = temp.Combine("train", Path.GetFileName(Path.GetDirectoryName(files[0]))!);
            Directory.CreateDirectory(label);
            foreach (var file in files.Take(14)) File.Copy(file, Path.Combine(label, Path.GetFileName(file)));
        }
        // The frozen head gets one epoch, fine-tuning a brisk head and many more steps: the fine-tuned network
        // validates better and is the one kept, which is what this test is about.
        var options = FineTuningFixture.BriskOptions with
        {
            Epochs = 1, FineTune = true, Augment = false, TestTimeAugmentation = false, ValidationSplit = 0.35, FineTuneViews = 1,
            FineTuneEpochs = 12, FineTunePatience = 12, FineTuneBatchSize = 8, FineTuneHeadLearningRate = 3e-3,
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = await new TrainingPipeline(ResNet18Backbone.Shared, new FeatureCache(temp.Combine("workspace")), new StudioLimits(), new StageFourFineTuning())
            .TrainAsync(temp.Combine("train"), options, temp.Combine("model"));
        var info = run.Model.Metadata.FineTuning!;
        output.WriteLine($"{info.Reason} ({clock.Elapsed.TotalSeconds:0} s)");
        Assert.True(info.Kept, info.Reason);
        var model = ModelPackage.Load(temp.Combine("model"));
        Assert.NotNull(model.BackbonePath);

        var images = byClass.SelectMany(files => files.Skip(20).Take(2)).ToArray();
        var (predictions, skipped) = await new ModelRunner(ResNet18Backbone.Shared, cache: null, new StudioLimits()).PredictFilesAsync(model, images);
        Assert.Empty(skipped);
        var labels = model.Metadata.Labels;
        var studio = predictions.Select(p => labels.Select(l => (float)p.Probabilities[l]).ToArray()).ToArray();

        var onnx = new OnnxExporter().Export(model, temp.Combine("onnx"));
        var fromPython = await PreprocessPy.InputsAsync(onnx.Directory, images, temp);
        Assert.True(fromPython.AsSpan().SequenceEqual(ExportInputs.FromFiles(images)), "preprocess.py's inputs differ from the studio's");
        var onnxProbabilities = OnnxExportRunner.Predict(Path.Combine(onnx.Directory, OnnxExporter.ModelFile), fromPython);

        await TfjsNode.EnsureInstalledAsync();
        var web = new WebAppExporter(TfjsNode.TfMinJs).Export(model, temp.Combine("web"));
        clock.Restart();
        float[][] webApp;
        await using (var browser = await BrowserPages.StartAsync())
        using (var server = new StaticFileServer(web.Directory))
        {
            webApp = await browser.WebAppAsync(server.Url, labels, images);
        }

        output.WriteLine($"web app in Chromium: {clock.Elapsed.TotalSeconds:0} s");
        output.WriteLine($"{images.Length} photos: ONNX (preprocess.py) max |Δp| {Parity.MaxAbsoluteDifference(studio, onnxProbabilities):E2}, " +
                         $"web app in Chromium max |Δp| {Parity.MaxAbsoluteDifference(studio, webApp):E2}");
        Parity.AssertAgree(studio, onnxProbabilities, "fine-tuned ONNX export (preprocess.py) vs studio", OnnxTolerance);
        Parity.AssertAgree(studio, webApp, "fine-tuned web app in Chromium vs studio");
    }
}
