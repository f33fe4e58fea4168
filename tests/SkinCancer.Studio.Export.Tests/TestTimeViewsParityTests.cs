using SkinCancer.Studio.Core.Export;
using SkinCancer.Studio.Core.Imaging;
using Xunit.Abstractions;

namespace SkinCancer.Studio.Export.Tests;

/// <summary>
/// A model that averages over the eight flips/rotations in the studio does the same inside both exports, and a head that
/// is an ensemble (three heads merged into one wider head, as small sets train by default) exports correctly with the
/// default blocks. Linear heads are exported in FineTunedExportParityTests.
/// </summary>
[Collection(TrainedShapesCollection.Name)]
public sealed class TestTimeViewsParityTests(TrainedShapesModel model, ITestOutputHelper output)
{
    [Fact]
    public void Onnx_export_averages_the_views_like_the_studio()
    {
        var inputs = model.Inputs.AsSpan(0, TrainedShapesModel.ViewImages * Preprocessing.TensorLength).ToArray();
        var onnx = OnnxExportRunner.Predict(Path.Combine(model.ViewsOnnxDirectory, OnnxExporter.ModelFile), inputs);
        output.WriteLine($"ONNX (8 views) vs studio: max |Δp| = {Parity.MaxAbsoluteDifference(model.ViewsStudioProbabilities, onnx):E2}");
        Parity.AssertAgree(model.ViewsStudioProbabilities, onnx, "ONNX export with views vs studio");
    }

    [Fact]
    public async Task Tfjs_export_averages_the_views_like_the_studio()
    {
        var run = await TfjsNode.PredictAsync(model.ViewsTfjsDirectory, model.ViewsInputsPath, "wasm");
        output.WriteLine($"TF.js (8 views, {run.Backend}) vs studio: max |Δp| = {Parity.MaxAbsoluteDifference(model.ViewsStudioProbabilities, run.Probabilities):E2}; load {run.LoadMs} ms, {TrainedShapesModel.ViewImages} images {run.FirstPredictionMs} ms");
        Parity.AssertAgree(model.ViewsStudioProbabilities, run.Probabilities, "TF.js export with views vs studio");
    }

    [Fact]
    public void Metadata_says_the_views_are_built_in()
    {
        var metadata = File.ReadAllText(Path.Combine(model.ViewsTfjsDirectory, ExportMetadata.FileName));
        Assert.Contains("built in", metadata);
    }
}
