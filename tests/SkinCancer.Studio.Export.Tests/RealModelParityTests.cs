using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Export;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Models;
using Xunit.Abstractions;

namespace SkinCancer.Studio.Export.Tests;

/// <summary>Runs only when SCS_PARITY_MODEL (a trained model folder) and SCS_PARITY_IMAGES (a folder of images) are set.</summary>
public sealed class ParityDataFactAttribute : FactAttribute
{
    public ParityDataFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SCS_PARITY_MODEL") is null || Environment.GetEnvironmentVariable("SCS_PARITY_IMAGES") is null)
        {
            Skip = "set SCS_PARITY_MODEL and SCS_PARITY_IMAGES to measure parity on a real model and real images";
        }
    }
}

/// <summary>The measurement on real data: export sizes, TF.js timings and the largest difference on ~50 real images.</summary>
public sealed class RealModelParityTests(ITestOutputHelper output)
{
    [ParityDataFact]
    public async Task Exports_of_a_real_model_agree_with_the_studio_on_real_images()
    {
        var model = ModelPackage.Load(Environment.GetEnvironmentVariable("SCS_PARITY_MODEL")!);
        var images = Directory.EnumerateFiles(Environment.GetEnvironmentVariable("SCS_PARITY_IMAGES")!, "*.jpg", SearchOption.AllDirectories)
            .GroupBy(Path.GetDirectoryName).SelectMany(g => g.Order(StringComparer.Ordinal).Take(25)).ToArray();
        using var temp = new TempDirectory();

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
        var run = await TfjsNode.PredictAsync(tfjs.Directory, inputsPath, "wasm");
        output.WriteLine($"{images.Length} images; TF.js wasm: load {run.LoadMs} ms, first prediction (batch of 8) {run.FirstPredictionMs} ms, all {run.TotalMs} ms");
        output.WriteLine($"max |Δp|: ONNX vs studio {Parity.MaxAbsoluteDifference(studio, onnxProbabilities):E2}, " +
                         $"TF.js vs studio {Parity.MaxAbsoluteDifference(studio, run.Probabilities):E2}, TF.js vs ONNX {Parity.MaxAbsoluteDifference(onnxProbabilities, run.Probabilities):E2}");
        Parity.AssertAgree(studio, onnxProbabilities, "ONNX vs studio");
        Parity.AssertAgree(studio, run.Probabilities, "TF.js vs studio");
    }
}
