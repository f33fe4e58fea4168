using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Datasets;
using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Imaging;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.Tests;

/// <summary>Decision threshold, test-time views and near-duplicate detection.</summary>
public sealed class AccuracyFeatureTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_threshold_for_a_target_sensitivity_is_the_kth_highest_positive_score()
    {
        double[] positives = [0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1];
        Assert.Equal(0.2, DecisionThreshold.ForSensitivity(positives, 0.9));
        Assert.Equal(0.95, DecisionThreshold.ForSensitivity(positives, 0.05));
        Assert.Equal(0.1, DecisionThreshold.ForSensitivity(positives, 0.99));
    }

    [Fact]
    public void Decide_uses_the_threshold_for_two_classes_and_argmax_otherwise()
    {
        string[] labels = ["benign", "malignant"];
        var threshold = new DecisionThreshold("malignant", 0.3, 0.9, null, null);
        Assert.Equal(1, DecisionThreshold.Decide([0.65f, 0.35f], labels, threshold));
        Assert.Equal(0, DecisionThreshold.Decide([0.75f, 0.25f], labels, threshold));
        Assert.Equal(0, DecisionThreshold.Decide([0.65f, 0.35f], labels, null));
        var onFirst = new DecisionThreshold("benign", 0.9, null, null, null);
        Assert.Equal(1, DecisionThreshold.Decide([0.85f, 0.15f], labels, onFirst));
    }

    [Fact]
    public async Task Evaluation_and_prediction_apply_the_stored_threshold_and_test_time_views_the_same_way()
    {
        var train = SyntheticImages.ShapesDataset(_temp.Combine("train"), perClass: 10);
        var test = SyntheticImages.ShapesDataset(_temp.Combine("test"), perClass: 5, seedOffset: 700);
        var options = new TrainingOptions { Epochs = 10, HiddenUnits = 16, TestTimeAugmentation = true, TargetSensitivity = 0.9 };
        var limits = new StudioLimits();
        var cache = new FeatureCache(_temp.Combine("ws"));
        var run = await new TrainingPipeline(ResNet18Backbone.Shared, cache, limits).TrainAsync(train, options, _temp.Combine("model"));

        var stored = ModelPackage.Load(run.ModelDirectory);
        Assert.Equal(ImageViews.Dihedral, stored.Metadata.TestTimeViews);
        Assert.NotNull(stored.Metadata.Threshold);
        Assert.Equal("squares", stored.Metadata.Threshold!.PositiveLabel);

        // An extreme threshold makes the rule visible: only near-certain squares are called squares.
        var strict = stored with { Metadata = stored.Metadata with { Threshold = stored.Metadata.Threshold with { Value = 0.999 } } };
        var runner = new ModelRunner(ResNet18Backbone.Shared, cache, limits);
        var report = await runner.EvaluateAsync(strict, test);
        Assert.All(report.Images, i => Assert.Equal(i.Probabilities["squares"] >= 0.999 ? "squares" : "circles", i.Predicted));

        var files = report.Images.Select(i => i.Path).ToArray();
        var (predictions, _) = await runner.PredictFilesAsync(strict, files);
        foreach (var (evaluated, predicted) in report.Images.Zip(predictions))
        {
            Assert.Equal(evaluated.Predicted, predicted.Predicted);
            Assert.Equal(evaluated.Probabilities["squares"], predicted.Probabilities["squares"], 6);
        }

        // Test-time augmentation averages exactly the eight views' probabilities.
        var image = files[0];
        var features = await new FeatureExtractor(ResNet18Backbone.Shared, null).ExtractAsync([new FeatureRequest(image, "h")], ImageViews.Dihedral);
        var expected = new float[2];
        HeadPrediction.PredictAveraged(stored.Head, ImageViews.Dihedral.Select(v => stored.Layout.Select(features.Vectors[("h", v)])).ToArray(), expected);
        Assert.Equal(expected[1], predictions[0].Probabilities["squares"], 5);
    }

    [Fact]
    public void A_resized_re_encoded_copy_is_a_near_duplicate_and_different_images_are_not()
    {
        using var original = SyntheticImages.Shape(true, new Rgb24(150, 80, 60), seed: 1, size: 200);
        using var copy = original.Clone(x => x.Resize(130, 130));
        using var reloaded = ImageDecoding.LoadRgb(SyntheticImages.Jpeg(copy));
        using var other = SyntheticImages.Shape(true, new Rgb24(150, 80, 60), seed: 2, size: 200);
        using var square = SyntheticImages.Shape(false, new Rgb24(150, 80, 60), seed: 1, size: 200);

        float[] Fingerprint(Image<Rgb24> image)
        {
            using var resized = Preprocessing.ResizeToInput(image);
            return ImageFingerprint.Compute(resized);
        }

        var images = new (string, float[])[]
        {
            ("original", Fingerprint(original)),
            ("copy", Fingerprint(reloaded)),
            ("other", Fingerprint(other)),
            ("square", Fingerprint(square)),
        };
        var pair = Assert.Single(NearDuplicateFinder.IndexPairs(images.Select(i => i.Item2).ToArray()));
        Assert.Equal(("original", "copy"), (images[pair.A].Item1, images[pair.B].Item1));

        var leaked = NearDuplicateFinder.Between([("test-copy", images[1].Item2), ("test-square", images[3].Item2)], [images[0], images[2]]);
        Assert.Equal("test-copy", Assert.Single(leaked).PathA);
    }
}
