using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Datasets;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Imaging;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.Tests;

/// <summary>
/// Near-duplicates (the same picture twice) must never validate each other: the validation split and the
/// cross-validation folds keep each group of them on one side.
/// </summary>
public sealed class NearDuplicateSplitTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static int[] Labels(int perClass) => Enumerable.Range(0, 2 * perClass).Select(i => i % 2).ToArray();

    /// <summary>Images 0–1, 2–3, … are pairs; image 40 and 41 join pair 0–1 to make a chain of four.</summary>
    private static int[] PairedGroups(int count)
    {
        var groups = Enumerable.Range(0, count).Select(i => i - i % 2).ToArray();
        groups[40] = groups[41] = 0;
        return groups;
    }

    [Fact]
    public void Groups_link_chains_of_near_duplicate_pairs_and_leave_other_images_alone()
    {
        var groups = NearDuplicateFinder.Groups(6, [(1, 3, 0.99f), (3, 5, 0.99f), (2, 4, 0.99f)]);

        Assert.Equal([0, 1, 2, 1, 2, 1], groups);
    }

    [Fact]
    public void The_fast_pair_search_finds_exactly_the_pairs_of_the_full_comparison()
    {
        var random = new Random(11);
        float[] Unit(float[] v)
        {
            float norm = System.Numerics.Tensors.TensorPrimitives.Norm(v);
            return v.Select(x => x / norm).ToArray();
        }
        var originals = Enumerable.Range(0, 150).Select(_ => Unit(Enumerable.Range(0, ImageFingerprint.Length).Select(_ => random.NextSingle() - 0.5f).ToArray())).ToArray();
        // Copies with noise of several strengths: correlations from about 0.95 to 0.999, on both sides of the threshold.
        var copies = originals.Take(100).Select((o, k) => Unit(o.Select(x => x + (k % 10 + 1) * 0.0035f * (random.NextSingle() - 0.5f) * 2).ToArray())).ToArray();
        var fingerprints = originals.Concat(copies).ToArray();

        var expected = new List<(int, int)>();
        for (int i = 0; i < fingerprints.Length; i++)
        {
            for (int j = i + 1; j < fingerprints.Length; j++)
            {
                if (ImageFingerprint.Correlation(fingerprints[i], fingerprints[j]) >= ImageFingerprint.NearDuplicateCorrelation) expected.Add((i, j));
            }
        }

        var found = NearDuplicateFinder.IndexPairs(fingerprints).Select(p => (p.A, p.B)).ToArray();
        Assert.InRange(expected.Count, 20, 90);
        Assert.Equal(expected, found);
    }

    [Fact]
    public void Without_groups_the_split_and_the_folds_are_the_plain_stratified_ones()
    {
        var labels = Labels(50);
        var singletons = Enumerable.Range(0, labels.Length).ToArray();

        var (plainTrain, plainValidation) = StratifiedSplit.Split(labels, 0.2, 7);
        var (train, validation) = StratifiedSplit.Split(labels, 0.2, 7, singletons);
        Assert.Equal(plainTrain, train);
        Assert.Equal(plainValidation, validation);
        Assert.Equal(StratifiedSplit.Folds(labels, 5, 7), StratifiedSplit.Folds(labels, 5, 7, singletons));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void No_group_straddles_the_validation_split_and_each_class_keeps_about_its_share(int seed)
    {
        var labels = Labels(50);
        var groups = PairedGroups(labels.Length);

        var (train, validation) = StratifiedSplit.Split(labels, 0.2, seed, groups);

        var validating = validation.ToHashSet();
        Assert.All(Enumerable.Range(0, labels.Length), i => Assert.Equal(validating.Contains(i), validating.Contains(Array.IndexOf(groups, groups[i]))));
        Assert.Equal(labels.Length, train.Length + validation.Length);
        Assert.Empty(train.Intersect(validation));
        foreach (var label in new[] { 0, 1 })
        {
            Assert.InRange(validation.Count(i => labels[i] == label), 9, 12);
        }
    }

    [Fact]
    public void Each_group_falls_inside_one_cross_validation_fold()
    {
        var labels = Labels(50);
        var groups = PairedGroups(labels.Length);

        var folds = StratifiedSplit.Folds(labels, 5, seed: 3, groups);

        Assert.Equal(labels.Length, folds.Sum(f => f.Length));
        var foldOf = new int[labels.Length];
        for (int f = 0; f < folds.Length; f++) foreach (var i in folds[f]) foldOf[i] = f;
        Assert.All(Enumerable.Range(0, labels.Length), i => Assert.Equal(foldOf[Array.IndexOf(groups, groups[i])], foldOf[i]));
        Assert.All(folds, f => Assert.InRange(f.Length, 16, 24));
    }

    [Fact]
    public async Task Training_keeps_a_resized_copy_and_its_original_on_the_same_side_and_says_so()
    {
        var data = SyntheticImages.ShapesDataset(_temp.Combine("train"), perClass: 12);
        foreach (var original in Directory.GetFiles(Path.Combine(data, "circles")).Order().Take(4))
        {
            using var image = Image.Load<Rgb24>(original);
            image.Mutate(x => x.Resize(70, 70));
            image.SaveAsPng(Path.Combine(data, "circles", "copy-of-" + Path.GetFileNameWithoutExtension(original) + ".png"));
        }
        var pipeline = new TrainingPipeline(ResNet18Backbone.Shared, new FeatureCache(_temp.Combine("ws")), new StudioLimits());

        // Half the images validate, so without grouping some of the four pairs would almost surely be split.
        var run = await pipeline.TrainAsync(data, new TrainingOptions { Epochs = 3, HiddenUnits = 16, ValidationSplit = 0.5, Augment = false },
            _temp.Combine("model"));

        Assert.True(run.NearDuplicates.Count >= 4, $"found {run.NearDuplicates.Count} near-duplicate pairs");
        var validating = run.Training.ValidationIndices.Select(i => run.Dataset.Images[i].Path).ToHashSet();
        Assert.All(run.NearDuplicates, p => Assert.Equal(validating.Contains(p.PathA), validating.Contains(p.PathB)));
        Assert.Equal(0, run.NearDuplicatesAcrossSplit);
        Assert.Contains(run.Warnings, w => w.Contains("kept on one side of the training/validation split"));
    }
}
