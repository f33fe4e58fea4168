using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Explanations;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Imaging;
using SkinCancer.Studio.Core.ModelPackages;
using Xunit.Abstractions;

namespace SkinCancer.Studio.Core.Tests;

/// <summary>
/// Does the heat map show what the model used? A model that can only tell a ring from a cross by the object, trained
/// with the real pipeline, explained on held-out images whose object positions are known.
/// </summary>
public sealed class ExplanationFaithfulnessTests(MarkedObjectModel trained, ITestOutputHelper output) : IClassFixture<MarkedObjectModel>, IDisposable
{
    private readonly ModelExplainer _explainer = new(new StudioLimits());
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private Explanation Explain(string path, ModelPackage? model = null)
    {
        using var image = _explainer.Decode(File.ReadAllBytes(path));
        return _explainer.Explain(model ?? trained.Model, image);
    }

    private static (int X, int Y) Peak(Explanation explanation)
    {
        var heat = explanation.HeatMaps[explanation.Predicted].Upsample(explanation.ImageWidth, explanation.ImageHeight);
        int best = Array.IndexOf(heat, heat.Max());
        return (best % explanation.ImageWidth, best / explanation.ImageWidth);
    }

    private double PeakInsideBox(ModelPackage model, IReadOnlyList<(string Path, string Label, Rectangle Box)> images)
    {
        var hits = images.Select(i => (i.Box, i.Label, e: Explain(i.Path, model))).Select(p => (p.Box, p.Label, p.e, peak: Peak(p.e))).ToArray();
        foreach (var h in hits.Where(h => !h.Box.Contains(h.peak.X, h.peak.Y))) output.WriteLine($"miss {h.Label} -> {h.e.Predicted} {h.e.Probabilities[h.e.Predicted]:F2} box {h.Box} peak {h.peak}");
        int count = hits.Count(p => p.Box.Contains(p.peak.X, p.peak.Y));
        return (double)count / images.Count;
            }

    [Fact]
    public void The_heat_peaks_on_the_object_that_decides_the_class()
    {
        double inside = PeakInsideBox(trained.Model, trained.HeldOut);
        output.WriteLine($"peak inside the object's box in {inside:P0} of {trained.HeldOut.Count} held-out images");
        Assert.True(inside >= 0.8, $"peak inside the box in only {inside:P0}");
    }

    [Fact]
    public void Test_time_views_are_turned_back_before_they_are_averaged()
    {
        // Rings and crosses look the same flipped or rotated, so this model can be asked to average over all eight
        // views; a view's map put back the wrong way round would move the peak off the object.
        var withViews = trained.Model with { Metadata = trained.Model.Metadata with { TestTimeViews = ImageViews.Dihedral } };
        var images = trained.HeldOut.Take(10).ToArray();
        double inside = PeakInsideBox(withViews, images);
        output.WriteLine($"8 views: peak inside the object's box in {inside:P0} of {images.Length}");
        Assert.True(inside >= 0.8, $"peak inside the box in only {inside:P0}");
    }

    [Fact]
    public async Task Blanking_the_hottest_tenth_costs_the_class_far_more_than_blanking_a_random_tenth()
    {
        var random = new Random(7);
        var originals = new List<string>();
        var hot = new List<string>();
        var scattered = new List<string>();
        var explained = new List<string>();
        foreach (var (path, _, _) in trained.HeldOut.Take(24))
        {
            var explanation = Explain(path);
            explained.Add(explanation.Predicted);
            using var image = Image.Load<Rgb24>(path);
            var heat = explanation.HeatMaps[explanation.Predicted].Upsample(image.Width, image.Height);
            int count = heat.Length / 10;
            var hottest = heat.Select((h, i) => (h, i)).OrderByDescending(p => p.h).ThenBy(p => p.i).Take(count).Select(p => p.i);
            var any = Enumerable.Range(0, heat.Length).OrderBy(_ => random.Next()).Take(count);
            originals.Add(path);
            hot.Add(Blanked(image, hottest, Path.GetFileNameWithoutExtension(path) + "-hot.png"));
            scattered.Add(Blanked(image, any, Path.GetFileNameWithoutExtension(path) + "-random.png"));
        }

        var runner = new ModelRunner(ResNet18Backbone.Shared, cache: null, new StudioLimits());
        async Task<double[]> Probabilities(List<string> files)
        {
            var (predictions, skipped) = await runner.PredictFilesAsync(trained.Model, files);
            Assert.Empty(skipped);
            return predictions.Select((p, i) => p.Probabilities[explained[i]]).ToArray();
        }
        var before = await Probabilities(originals);
        var afterHot = await Probabilities(hot);
        var afterRandom = await Probabilities(scattered);
        double hotDrop = before.Zip(afterHot, (b, a) => b - a).Average();
        double randomDrop = before.Zip(afterRandom, (b, a) => b - a).Average();
        output.WriteLine($"mean probability of the explained class {before.Average():F3}; drop when the hottest 10 % is blanked {hotDrop:F3}, a random 10 % {randomDrop:F3}");
        Assert.True(hotDrop - randomDrop >= 0.25, $"hottest 10 % drop {hotDrop:F3} vs random {randomDrop:F3}");
    }

    /// <summary>The image with the given pixels set to its mean colour, written as a PNG.</summary>
    private string Blanked(Image<Rgb24> image, IEnumerable<int> pixels, string name)
    {
        using var copy = image.Clone();
        long r = 0, g = 0, b = 0;
        copy.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++) foreach (var p in rows.GetRowSpan(y)) { r += p.R; g += p.G; b += p.B; }
        });
        int n = image.Width * image.Height;
        var mean = new Rgb24((byte)(r / n), (byte)(g / n), (byte)(b / n));
        foreach (var i in pixels) copy[i % image.Width, i / image.Width] = mean;
        var path = _temp.Combine(name);
        copy.SaveAsPng(path);
        return path;
    }

    [Fact]
    public async Task The_explanation_predicts_what_the_model_runner_predicts()
    {
        // The explainer pools the stage maps itself; its features must be the feature graph's, so its probabilities the runner's.
        var files = trained.HeldOut.Take(6).Select(i => i.Path).ToArray();
        var (predictions, _) = await new ModelRunner(ResNet18Backbone.Shared, cache: null, new StudioLimits()).PredictFilesAsync(trained.Model, files);
        for (int i = 0; i < files.Length; i++)
        {
            var explanation = Explain(files[i]);
            Assert.Equal(predictions[i].Predicted, explanation.Predicted);
            foreach (var label in trained.Model.Metadata.Labels)
            {
                Assert.Equal(predictions[i].Probabilities[label], explanation.Probabilities[label], 4);
            }
        }
    }

    [Fact]
    public void A_heat_map_covers_the_image_at_its_size_and_is_the_same_every_time()
    {
        var (image, _) = MarkedObjectImages.Draw(ring: true, seed: 99);
        using var wide = image.Clone(x => x.Resize(300, 120));
        image.Dispose();
        var bytes = SyntheticImages.Png(wide);
        Explanation Once()
        {
            using var decoded = _explainer.Decode(bytes);
            return _explainer.Explain(trained.Model, decoded);
        }
        var first = Once();
        var second = Once();
        Assert.Equal((300, 120), (first.ImageWidth, first.ImageHeight));
        foreach (var label in trained.Model.Metadata.Labels)
        {
            var map = first.HeatMaps[label];
            Assert.Equal((14, 14), (map.Width, map.Height));
            Assert.Equal(map.Values, second.HeatMaps[label].Values);
            Assert.All(map.Values, v => Assert.InRange(v, 0f, 1f));
        }
        Assert.Equal(1f, first.HeatMaps[first.Predicted].Values.Max());

        using var decodedAgain = _explainer.Decode(bytes);
        using var overlay = Image.Load<Rgb24>(HeatMapImages.OverlayPng(decodedAgain, first.HeatMaps[first.Predicted]));
        using var heat = Image.Load<Rgb24>(HeatMapImages.HeatPng(first.HeatMaps[first.Predicted], 300, 120));
        Assert.Equal((300, 120), (overlay.Width, overlay.Height));
        Assert.Equal((300, 120), (heat.Width, heat.Height));
    }

    [Fact]
    public async Task The_command_line_writes_an_overlay_per_image_and_names_it_in_the_json()
    {
        var images = trained.HeldOut.Take(2).Select(i => i.Path).ToArray();
        var folder = _temp.Combine("explained");
        var stdout = new StringWriter();
        int code = await Cli.StudioCli.RunAsync(["predict", trained.ModelDirectory, .. images, "--explain", folder, "--json", "--no-cache"],
            stdout, new StringWriter(), CancellationToken.None);
        Assert.Equal(0, code);
        using var json = System.Text.Json.JsonDocument.Parse(stdout.ToString());
        foreach (var (row, path) in json.RootElement.EnumerateArray().Zip(images))
        {
            var explanation = row.GetProperty("explanation");
            var overlay = explanation.GetProperty("overlay").GetString()!;
            Assert.StartsWith(folder, overlay);
            Assert.Equal(row.GetProperty("predicted").GetString(), explanation.GetProperty("label").GetString());
            using (var picture = Image.Load<Rgb24>(overlay)) Assert.Equal((MarkedObjectImages.Size, MarkedObjectImages.Size), (picture.Width, picture.Height));
            var grid = explanation.GetProperty("grid").GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            Assert.Equal(Explain(path).HeatMaps[explanation.GetProperty("label").GetString()!].Values, grid);
        }
    }

    [Fact]
    public void Files_that_are_not_usable_images_are_refused_with_the_reason()
    {
        var error = Assert.Throws<ExplanationInputException>(() => _explainer.Decode("<html>no</html>"u8.ToArray()));
        Assert.Contains("not an image", error.Message);
    }
}
