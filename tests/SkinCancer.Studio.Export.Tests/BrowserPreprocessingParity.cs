using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Export;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Imaging;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Training;
using Xunit.Abstractions;

namespace SkinCancer.Studio.Export.Tests;

/// <summary>
/// The measurement: one model, a set of image files, and every way a browser predicts them — the exported web
/// app on a static host, the same web app as the studio's "Try in the browser", and a user's own page that imports
/// preprocess.js — against the studio's own predict. Also the figures from before preprocess.js: the old web app
/// (colour-managed decode, tf.image.resizeBilinear) against the old studio (ImageSharp's bilinear resampler).
/// </summary>
internal static class BrowserPreprocessingParity
{
    /// <summary>
    /// Every image through the static web app and the plain page's toInput(File); the first <paramref name="subset"/>
    /// also through toInput(&lt;img&gt;) and "Try in the browser" (the same page code, served by the studio: a browser
    /// runs ResNet18 for seconds per image on this CPU). With <paramref name="before"/>, the old ways too.
    /// </summary>
    public static async Task MeasureAsync(ModelPackage model, IReadOnlyList<string> images, int subset, bool before, TempDirectory temp, ITestOutputHelper output)
    {
        var labels = model.Metadata.Labels;
        var limits = new StudioLimits();
        var (predictions, skipped) = await new ModelRunner(ResNet18Backbone.Shared, cache: null, limits).PredictFilesAsync(model, images);
        Assert.Empty(skipped);
        var studio = predictions.Select(p => labels.Select(l => (float)p.Probabilities[l]).ToArray()).ToArray();
        var studioPixels = ExportInputs.FromFiles(images);

        await TfjsNode.EnsureInstalledAsync();
        var web = new WebAppExporter(TfjsNode.TfMinJs).Export(model, temp.Combine("web"));
        var onnx = new OnnxExporter().Export(model, temp.Combine("onnx"));
        var legacyStudio = before ? OnnxExportRunner.Predict(Path.Combine(onnx.Directory, OnnxExporter.ModelFile), LegacyStudioInputs(images)) : null;

        await using var browser = await BrowserPages.StartAsync();
        BrowserPrediction[] plain;
        float[][] webApp;
        using (var server = new StaticFileServer(web.Directory))
        {
            plain = await browser.PlainPageAsync(web.Directory, server.Url, images, subset, before);
            webApp = await browser.WebAppAsync(server.Url, labels, images);
        }
        var some = images.Take(subset).ToArray();
        var tryInBrowser = await TryInTheBrowserAsync(browser, model, some, temp);

        int pixelMismatches = 0, worstPixel = 0;
        for (int n = 0; n < images.Count; n++)
        {
            var expected = studioPixels.AsSpan(n * Preprocessing.TensorLength, Preprocessing.TensorLength);
            int differing = 0, worst = 0;
            for (int i = 0; i < expected.Length; i++)
            {
                int d = Math.Abs((int)expected[i] - plain[n].Pixels[i]);
                if (d > 0) differing++;
                worst = Math.Max(worst, d);
            }
            var name = Path.GetFileName(images[n]);
            output.WriteLine($"{name}: {Size(images[n])}, pixels differing {differing} of {expected.Length} (largest {worst}), " +
                             $"studio {Format(studio[n])} web app {Format(webApp[n])}" + (before ? $" old web app {Format(plain[n].Legacy!)} old studio {Format(legacyStudio![n])}" : ""));
            // Every file, JPEG included, decodes to the same values in Chromium and in the studio: the 224×224 bytes must be the studio's exactly.
            Assert.True(differing == 0, $"{name}: preprocess.js differs from the studio in {differing} values (largest {worst})");
            if (differing > 0) pixelMismatches++;
            worstPixel = Math.Max(worstPixel, worst);
        }

        var fromFile = plain.Select(p => p.FromFile).ToArray();
        var fromImg = plain.Take(subset).Select(p => p.FromImg!).ToArray();
        var studioSome = studio.Take(subset).ToArray();
        output.WriteLine($"{images.Count} images; 224×224 bytes differ from the studio's in {pixelMismatches} images (largest difference {worstPixel})");
        if (before)
        {
            var legacy = plain.Select(p => p.Legacy!).ToArray();
            output.WriteLine($"before: old web app vs old studio: {Figures(legacyStudio!, legacy)}");
            output.WriteLine($"before: old web app vs this studio: {Figures(studio, legacy)}; old studio vs this studio: {Figures(studio, legacyStudio!)}");
        }
        output.WriteLine($"after: web app {Figures(studio, webApp)}; own page (File) {Figures(studio, fromFile)}; " +
                         $"own page (<img>) {Figures(studioSome, fromImg)}; Try in the browser {Figures(studioSome, tryInBrowser)}");
        var lossless = images.Select((path, i) => (path, i)).Where(p => !Parity.IsJpeg(p.path)).Select(p => p.i).ToArray();
        var jpeg = images.Select((path, i) => (path, i)).Where(p => Parity.IsJpeg(p.path)).Select(p => p.i).ToArray();
        output.WriteLine($"after, web app: {lossless.Length} lossless files {Figures([.. lossless.Select(i => studio[i])], [.. lossless.Select(i => webApp[i])])}; " +
                         $"{jpeg.Length} JPEG files {Figures([.. jpeg.Select(i => studio[i])], [.. jpeg.Select(i => webApp[i])])}");
        Parity.AssertAgree(studio, webApp, "exported web app in Chromium vs studio");
        Parity.AssertAgree(studio, fromFile, "own page with preprocess.js (File) vs studio");
        Parity.AssertAgree(studioSome, fromImg, "own page with preprocess.js (<img>) vs studio");
        Parity.AssertAgree(studioSome, tryInBrowser, "Try in the browser vs studio");
    }

    /// <summary>The real studio process serving the model's web app under /try/, as the "Try in the browser" button opens it.</summary>
    private static async Task<float[][]> TryInTheBrowserAsync(BrowserPages browser, ModelPackage model, IReadOnlyList<string> images, TempDirectory temp)
    {
        var workspace = temp.Combine("studio-workspace");
        var catalogue = new StudioCatalogue(workspace);
        var project = catalogue.Projects.Create("parity");
        var run = catalogue.Runs.Create(project.Id, new TrainingOptions(), model.Metadata.Labels, imageCount: 1);
        model.Save(new ProjectFolders(workspace).Model(project.Id, run.Id));
        catalogue.Runs.MarkEnded(run.Id, RunStatus.Completed, "copied in by the test", 1.0, 1);
        await using var studio = await StudioProcess.StartServingAsync(workspace);
        return await browser.WebAppAsync($"{studio.BaseUrl}/try/{project.Id}/{run.Id}/", model.Metadata.Labels, images);
    }

    /// <summary>The model inputs as the studio made them before StretchResize: ImageSharp's bilinear (triangle) resampler.</summary>
    private static float[] LegacyStudioInputs(IReadOnlyList<string> images)
    {
        var values = new float[images.Count * Preprocessing.TensorLength];
        for (int n = 0; n < images.Count; n++)
        {
            using var image = ImageDecoding.LoadRgb(File.ReadAllBytes(images[n]));
            using var resized = image.Clone(x => x.Resize(new ResizeOptions
            {
                Size = new Size(Preprocessing.InputSize, Preprocessing.InputSize), Mode = ResizeMode.Stretch, Sampler = KnownResamplers.Triangle,
            }));
            var pixels = new Rgb24[Preprocessing.PixelCount];
            resized.CopyPixelDataTo(pixels);
            for (int i = 0; i < pixels.Length; i++)
            {
                values[n * Preprocessing.TensorLength + 3 * i] = pixels[i].R;
                values[n * Preprocessing.TensorLength + 3 * i + 1] = pixels[i].G;
                values[n * Preprocessing.TensorLength + 3 * i + 2] = pixels[i].B;
            }
        }
        return values;
    }

    private static string Figures(float[][] expected, float[][] actual)
    {
        int agree = expected.Zip(actual).Count(pair => Parity.TopLabel(pair.First) == Parity.TopLabel(pair.Second));
        return $"max |Δp| {Parity.MaxAbsoluteDifference(expected, actual):E2}, labels agree {agree}/{expected.Length}";
    }

    private static string Format(float[] p) => "[" + string.Join(" ", p.Select(v => v.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture))) + "]";

    private static string Size(string path)
    {
        var info = Image.Identify(path);
        return $"{info.Width}×{info.Height}";
    }
}
