using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Export;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.ModelPackages;
using Xunit.Abstractions;

namespace SkinCancer.Studio.Export.Tests;

/// <summary>
/// Runs where real images are at hand: the skin-cancer training split in ../shared/datasets beside the repository (as on
/// CI and the developers' machines), or SCS_PARITY_IMAGES. A fresh clone without them has nothing real to measure.
/// </summary>
public sealed class ParityDataFactAttribute : FactAttribute
{
    public ParityDataFactAttribute()
    {
        if (RealImages.Folder is null)
        {
            Skip = "no real images: ../shared/datasets/skin-cancer/train is absent and SCS_PARITY_IMAGES is not set";
        }
    }
}

internal static class RealImages
{
    public static string? Folder =>
        Environment.GetEnvironmentVariable("SCS_PARITY_IMAGES") is { } configured ? configured
        : Path.Combine(RepositoryPaths.Root, "..", "shared", "datasets", "skin-cancer", "train") is var shared && Directory.Exists(shared) ? shared
        : null;
}

/// <summary>The measurement on real data: export sizes, TF.js timings and the largest difference on ~50 real images.</summary>
public sealed class RealModelParityTests(ITestOutputHelper output)
{
    [ParityDataFact]
    public async Task Exports_of_a_real_model_agree_with_the_studio_on_real_images()
    {
        using var temp = new TempDirectory();
        var byClass = Directory.EnumerateFiles(RealImages.Folder!, "*.jpg", SearchOption.AllDirectories)
            .GroupBy(Path.GetDirectoryName).Select(g => g.Order(StringComparer.Ordinal).ToArray()).ToArray();
        // A model trained here on 40 real images per class (or the one SCS_PARITY_MODEL names), tested on 25 others per class.
        ModelPackage model;
        if (Environment.GetEnvironmentVariable("SCS_PARITY_MODEL") is { } modelFolder)
        {
            model = ModelPackage.Load(modelFolder);
        }
        else
        {
            var train = temp.Combine("train");
            foreach (var files in byClass)
            {
                var label = Path.Combine(train, Path.GetFileName(Path.GetDirectoryName(files[0]))!);
                Directory.CreateDirectory(label);
                foreach (var file in files.Skip(100).Take(40)) File.Copy(file, Path.Combine(label, Path.GetFileName(file)));
            }
            var run = await new Core.Pipeline.TrainingPipeline(ResNet18Backbone.Shared, new FeatureCache(temp.Combine("ws")), new StudioLimits())
                .TrainAsync(train, new Core.Training.TrainingOptions { Augment = false }, temp.Combine("model"));
            model = run.Model;
        }
        var images = byClass.SelectMany(files => files.Take(25)).ToArray();

        var (predictions, skipped) = await new ModelRunner(ResNet18Backbone.Shared, cache: null, new StudioLimits()).PredictFilesAsync(model, images);
        Assert.Empty(skipped);
        var studio = predictions.Select(p => model.Metadata.Labels.Select(l => (float)p.Probabilities[l]).ToArray()).ToArray();
        var inputs = ExportInputs.FromFiles(images);
        var inputsPath = temp.Combine("inputs.f32");
        ExportInputs.Write(inputsPath, inputs);

        var tfjs = new TfjsExporter().Export(model, temp.Combine("tfjs"));
        var onnx = new OnnxExporter().Export(model, temp.Combine("onnx"));
        await TfjsNode.EnsureInstalledAsync();
        var web = new WebAppExporter(TfjsNode.TfMinJs).Export(model, temp.Combine("web"));
        output.WriteLine($"sizes: tfjs {tfjs.TotalBytes / 1e6:0.0} MB ({tfjs.Files.Count} files), onnx {onnx.TotalBytes / 1e6:0.0} MB, webapp {web.TotalBytes / 1e6:0.0} MB");

        var onnxProbabilities = OnnxExportRunner.Predict(Path.Combine(onnx.Directory, OnnxExporter.ModelFile), inputs);
        var node = await TfjsNode.PredictAsync(tfjs.Directory, inputsPath, "wasm");
        output.WriteLine($"{images.Length} images; TF.js wasm: load {node.LoadMs} ms, first prediction (batch of 8) {node.FirstPredictionMs} ms, all {node.TotalMs} ms");
        output.WriteLine($"max |Δp|: ONNX vs studio {Parity.MaxAbsoluteDifference(studio, onnxProbabilities):E2}, " +
                         $"TF.js vs studio {Parity.MaxAbsoluteDifference(studio, node.Probabilities):E2}, TF.js vs ONNX {Parity.MaxAbsoluteDifference(onnxProbabilities, node.Probabilities):E2}");
        Parity.AssertAgree(studio, onnxProbabilities, "ONNX vs studio");
        Parity.AssertAgree(studio, node.Probabilities, "TF.js vs studio");
    }
}
