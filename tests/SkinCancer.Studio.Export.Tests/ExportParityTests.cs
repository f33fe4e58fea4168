using SkinCancer.Studio.Core.Export;
using SkinCancer.Studio.Core.Imaging;
using Xunit.Abstractions;

namespace SkinCancer.Studio.Export.Tests;

/// <summary>
/// The exported models give the studio's probabilities: ONNX under ONNX Runtime, TF.js under real @tensorflow/tfjs
/// 4.22.0 in Node (WebAssembly backend for all 51 images, the pure-JS CPU backend for a few), fed the same pixels.
/// </summary>
[Collection(TrainedShapesCollection.Name)]
public sealed class ExportParityTests(TrainedShapesModel model, ITestOutputHelper output)
{
    [Fact]
    public void The_trained_model_is_not_trivial()
    {
        Assert.True(model.TestImages.Count >= 50);
        var predicted = model.StudioProbabilities.Select(Parity.TopLabel).ToArray();
        var truth = model.TestImages.Select(p => Array.IndexOf(ShapeImages.Classes, Path.GetFileName(Path.GetDirectoryName(p)))).ToArray();
        double accuracy = predicted.Zip(truth).Count(p => p.First == p.Second) / (double)truth.Length;
        Assert.True(accuracy > 0.8, $"accuracy {accuracy:P0}: the parity check needs a model that separates the classes");
    }

    [Fact]
    public void Onnx_export_gives_the_studio_probabilities()
    {
        var onnx = OnnxExportRunner.Predict(Path.Combine(model.OnnxDirectory, OnnxExporter.ModelFile), model.Inputs);
        output.WriteLine($"ONNX vs studio: max |Δp| = {Parity.MaxAbsoluteDifference(model.StudioProbabilities, onnx):E2} over {onnx.Length} images");
        Parity.AssertAgree(model.StudioProbabilities, onnx, "ONNX export vs studio");
    }

    [Fact]
    public async Task Tfjs_export_in_node_gives_the_studio_and_onnx_probabilities()
    {
        var run = await TfjsNode.PredictAsync(model.TfjsDirectory, model.InputsPath, "wasm");
        Assert.Equal(TfjsExporter.TfjsVersion, run.TfjsVersion);
        var onnx = OnnxExportRunner.Predict(Path.Combine(model.OnnxDirectory, OnnxExporter.ModelFile), model.Inputs);
        output.WriteLine($"TF.js {run.TfjsVersion} ({run.Backend}): load {run.LoadMs} ms, first prediction (8 images) {run.FirstPredictionMs} ms, total {run.TotalMs} ms");
        output.WriteLine($"TF.js vs studio: max |Δp| = {Parity.MaxAbsoluteDifference(model.StudioProbabilities, run.Probabilities):E2}; TF.js vs ONNX: {Parity.MaxAbsoluteDifference(onnx, run.Probabilities):E2}");
        Parity.AssertAgree(model.StudioProbabilities, run.Probabilities, "TF.js export (wasm) vs studio");
        Parity.AssertAgree(onnx, run.Probabilities, "TF.js export (wasm) vs ONNX export");
    }

    [Fact]
    public async Task Tfjs_export_on_the_reference_cpu_backend_gives_the_studio_probabilities()
    {
        // The pure-JS kernels are ~25× slower than WebAssembly: one image suffices to show they agree too.
        const int images = 1;
        var path = Path.Combine(model.Root, "inputs-cpu.f32");
        ExportInputs.Write(path, model.Inputs.AsSpan(0, images * Preprocessing.TensorLength));
        var run = await TfjsNode.PredictAsync(model.TfjsDirectory, path, "cpu");
        output.WriteLine($"TF.js cpu: max |Δp| = {Parity.MaxAbsoluteDifference(model.StudioProbabilities[..images], run.Probabilities):E2}, total {run.TotalMs} ms");
        Parity.AssertAgree(model.StudioProbabilities[..images], run.Probabilities, "TF.js export (cpu) vs studio");
    }
}
