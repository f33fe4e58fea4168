using Microsoft.ML.OnnxRuntime;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SkinCancer.Studio.Core.Export;
using SkinCancer.Studio.Core.Imaging;
using Xunit.Abstractions;

namespace SkinCancer.Studio.Export.Tests;

/// <summary>
/// The ONNX export's preprocess.py (Pillow + NumPy) and OnnxInput.cs (C#), run as a user would run them, give the
/// studio's input bytes and, through model.onnx, the studio's probabilities. Generated files of every kind (colour
/// profiles, EXIF rotations, transparency, JPEG at several sizes) made from the shapes the model was trained on (photos
/// of anything else push this small model's logits far enough for the studio's own softmax to return NaN).
/// </summary>
[Collection(TrainedShapesCollection.Name)]
public sealed class OnnxPreprocessingTests(TrainedShapesModel shapes, ITestOutputHelper output)
{
    [Fact]
    public async Task Preprocess_py_and_OnnxInput_cs_feed_the_onnx_export_what_the_studio_computes()
    {
        using var temp = new TempDirectory();
        var images = new List<string>();
        using (var picture = Image.Load<Rgb24>(shapes.TestImages[0]))
        {
            images.AddRange(TestPhotos.WriteVariants(picture, temp.Combine("images"), "shape"));
        }
        var (predictions, skipped) = await new Core.Evaluation.ModelRunner(Core.Features.ResNet18Backbone.Shared, cache: null, new Core.Configuration.StudioLimits())
            .PredictFilesAsync(shapes.Model, images);
        Assert.Empty(skipped);
        var studio = predictions.Select(p => shapes.Model.Metadata.Labels.Select(l => (float)p.Probabilities[l]).ToArray()).ToArray();
        var studioInputs = ExportInputs.FromFiles(images);

        // Python, with the files exactly as the export ships them.
        var pythonInputs = await PreprocessPy.InputsAsync(shapes.OnnxDirectory, images, temp);
        Assert.Equal(studioInputs.Length, pythonInputs.Length);
        for (int n = 0; n < images.Count; n++)
        {
            int differing = 0;
            float worst = 0;
            for (int i = n * Preprocessing.TensorLength; i < (n + 1) * Preprocessing.TensorLength; i++)
            {
                if (studioInputs[i] != pythonInputs[i]) differing++;
                worst = Math.Max(worst, Math.Abs(studioInputs[i] - pythonInputs[i]));
            }
            var name = Path.GetFileName(images[n]);
            if (differing > 0) output.WriteLine($"{name}: preprocess.py differs from the studio in {differing} input values (largest {worst})");
            // Pillow's libjpeg-turbo and the studio's decoder give the same JPEG pixels: every file's input is the studio's.
            Assert.True(differing == 0, $"{name}: preprocess.py differs from the studio");
        }

        // C#: OnnxInput.cs (compiled into this project from the export's own file) and the README's three lines.
        Assert.Equal(ExportAssets.Read(ExportAssets.OnnxInputCs), File.ReadAllText(Path.Combine(shapes.OnnxDirectory, ExportAssets.OnnxInputCs)));
        using var session = new InferenceSession(Path.Combine(shapes.OnnxDirectory, OnnxExporter.ModelFile));
        var csharp = new List<float[]>();
        for (int n = 0; n < images.Count; n++)
        {
            var tensor = OnnxInput.FromFile(images[n]);
            Assert.True(tensor.Buffer.Span.SequenceEqual(studioInputs.AsSpan(n * Preprocessing.TensorLength, Preprocessing.TensorLength)),
                $"{Path.GetFileName(images[n])}: OnnxInput.cs differs from the studio");
            using var results = session.Run([NamedOnnxValue.CreateFromTensor("image", tensor)]);
            csharp.Add(results[0].AsEnumerable<float>().ToArray());
        }
        var fromPython = OnnxExportRunner.Predict(Path.Combine(shapes.OnnxDirectory, OnnxExporter.ModelFile), pythonInputs);
        output.WriteLine($"{images.Count} images: preprocess.py + ONNX max |Δp| {Parity.MaxAbsoluteDifference(studio, fromPython):E2}, " +
                         $"OnnxInput.cs + ONNX max |Δp| {Parity.MaxAbsoluteDifference(studio, csharp.ToArray()):E2}");
        Parity.AssertAgree(studio, fromPython, "preprocess.py + ONNX export vs studio");
        Parity.AssertAgree(studio, csharp.ToArray(), "OnnxInput.cs + ONNX export vs studio");
    }
}
