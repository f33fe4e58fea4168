using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Imaging;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Core.Training;
using Xunit.Abstractions;

namespace SkinCancer.Studio.Export.Tests;

/// <summary>
/// In Chromium, the web app, "Try in the browser" and a user's own page with preprocess.js give the studio's
/// probabilities (≤ 1e-4, same labels) on files that are not 224×224: resized photos, ICC and gAMA colour profiles,
/// EXIF rotations and transparency.
/// </summary>
[Collection(TrainedShapesCollection.Name)]
public sealed class PreprocessingParityTests(TrainedShapesModel shapes, ITestOutputHelper output)
{
    [Fact]
    public async Task Browsers_preprocess_generated_files_of_every_kind_as_the_studio_does()
    {
        using var temp = new TempDirectory();
        var images = new List<string>();
        using (var picture = Image.Load<Rgb24>(shapes.TestImages[17]))
        {
            images.AddRange(TestPhotos.WriteVariants(picture, temp.Combine("images"), "shape"));
        }
        await BrowserPreprocessingParity.MeasureAsync(shapes.Model, images, subset: 3, before: false, temp, output);
    }

    [FlowerPhotosFact]
    public async Task Chromium_makes_the_studio_input_bytes_of_every_flower_photo()
    {
        using var temp = new TempDirectory();
        var images = Directory.GetFiles(FlowerPhotosFactAttribute.Folder, "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        var model = shapes.Model;
        await TfjsNode.EnsureInstalledAsync();
        var web = new Core.Export.WebAppExporter(TfjsNode.TfMinJs).Export(model, temp.Combine("web"));
        await using var browser = await BrowserPages.StartAsync();
        byte[][] pixels;
        using (var server = new StaticFileServer(web.Directory)) pixels = await browser.PixelsAsync(web.Directory, server.Url, images);
        var studio = ExportInputs.FromFiles(images);
        int exact = 0, worst = 0;
        long differing = 0;
        for (int n = 0; n < images.Length; n++)
        {
            int d = 0;
            for (int i = 0; i < Preprocessing.TensorLength; i++)
            {
                int delta = Math.Abs((int)studio[n * Preprocessing.TensorLength + i] - pixels[n][i]);
                if (delta > 0) d++;
                worst = Math.Max(worst, delta);
            }
            if (d == 0) exact++;
            differing += d;
        }
        output.WriteLine($"{images.Length} photos: {exact} exactly the studio's bytes; {differing} of {(long)images.Length * Preprocessing.TensorLength} values differ, largest by {worst}");
        Assert.True(exact == images.Length, $"Chromium's input bytes differ from the studio's in {images.Length - exact} of {images.Length} photos (largest by {worst})");
    }

    [FlowerPhotosFact]
    public async Task Browsers_predict_real_photos_as_the_studio_does()
    {
        using var temp = new TempDirectory();
        var byClass = Directory.GetDirectories(FlowerPhotosFactAttribute.Folder).Order(StringComparer.Ordinal)
            .Select(d => Directory.GetFiles(d, "*.jpg").Order(StringComparer.Ordinal).ToArray()).ToArray();
        var train = temp.Combine("train");
        foreach (var files in byClass)
        {
            var label = Path.Combine(train, Path.GetFileName(Path.GetDirectoryName(files[0]))!);
            Directory.CreateDirectory(label);
            foreach (var file in files.Take(12)) File.Copy(file, Path.Combine(label, Path.GetFileName(file)));
        }
        var run = await new TrainingPipeline(ResNet18Backbone.Shared, new FeatureCache(temp.Combine("ws")), new StudioLimits())
            .TrainAsync(train, new TrainingOptions { Augment = false, TestTimeAugmentation = false, Seed = 5 }, temp.Combine("model"));

        var images = byClass.SelectMany(files => files.Skip(20).Take(4)).ToList();
        using (var picture = ImageDecoding.LoadRgb(File.ReadAllBytes(byClass[0][30])))
        {
            images.AddRange(TestPhotos.WriteVariants(picture, temp.Combine("variants"), "flower"));
        }
        await BrowserPreprocessingParity.MeasureAsync(run.Model, images, subset: 4, before: true, temp, output);
    }
}
