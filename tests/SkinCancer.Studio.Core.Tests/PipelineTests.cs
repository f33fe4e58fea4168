using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.Tests;

/// <summary>The real ResNet18 through ONNX Runtime on generated images: train, cache, save, load, evaluate.</summary>
public sealed class PipelineTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static readonly TrainingOptions FastOptions = new() { Epochs = 15, Patience = 15, HiddenUnits = 32, Augment = false };

    [Fact]
    public async Task A_second_training_on_the_same_images_is_served_from_the_feature_cache()
    {
        var data = SyntheticImages.ShapesDataset(_temp.Combine("train"), perClass: 10);
        var cache = new FeatureCache(_temp.Combine("workspace"));
        var pipeline = new TrainingPipeline(ResNet18Backbone.Shared, cache, new StudioLimits());

        var progress = new List<RunProgress>();
        var first = await pipeline.TrainAsync(data, FastOptions, _temp.Combine("model1"), progress.Add);
        Assert.Equal(0, first.FeaturesFromCache);
        Assert.Equal(20, first.FeaturesComputed);
        Assert.Equal(20 * 2, cache.Count()); // per image: the feature vector and the fingerprint
        Assert.Equal(20, progress.OfType<FeaturizationProgress>().Last().Done);
        Assert.Equal(first.Training.History.Count, progress.OfType<EpochMetrics>().Count());

        var second = await pipeline.TrainAsync(data, FastOptions, _temp.Combine("model2"));
        Assert.Equal(20, second.FeaturesFromCache);
        Assert.Equal(0, second.FeaturesComputed);
        Assert.Equal(
            first.Model.Head.ParameterArrays().SelectMany(a => a),
            second.Model.Head.ParameterArrays().SelectMany(a => a));
    }

    [Fact]
    public async Task A_saved_model_loads_and_separates_the_classes_of_unseen_images()
    {
        var train = SyntheticImages.ShapesDataset(_temp.Combine("train"), perClass: 12);
        var test = SyntheticImages.ShapesDataset(_temp.Combine("test"), perClass: 6, seedOffset: 500);
        File.WriteAllText(_temp.Combine("test", "circles", "readme.txt"), "not an image");
        var limits = new StudioLimits();
        var run = await new TrainingPipeline(ResNet18Backbone.Shared, new FeatureCache(_temp.Combine("ws")), limits)
            .TrainAsync(train, FastOptions, _temp.Combine("model"));

        var model = ModelPackage.Load(run.ModelDirectory);
        Assert.Equal(["circles", "squares"], model.Metadata.Labels);
        Assert.Equal(new TrainingOptions().FeatureBlocks, model.Metadata.Backbone.FeatureBlocks);
        Assert.Equal(224, model.Metadata.Preprocessing.InputSize);
        Assert.NotNull(model.Metadata.Validation.Accuracy);
        Assert.Empty(Directory.GetDirectories(_temp.Path, ".model*"));

        var report = await new ModelRunner(ResNet18Backbone.Shared, cache: null, limits).EvaluateAsync(model, test);
        Assert.Equal(12, report.Images.Count);
        Assert.True(report.Accuracy >= 0.9, $"accuracy {report.Accuracy}");
        Assert.Equal(12, report.Confusion.Sum(r => r.Sum()));
        Assert.NotNull(report.Auc);
        Assert.Contains(report.Skipped, s => s.Path.EndsWith("readme.txt"));
        Assert.All(report.Images, i => Assert.Equal(1.0, i.Probabilities.Values.Sum(), 4));
    }

    [Fact]
    public void A_damaged_model_folder_is_refused_with_a_message()
    {
        var missing = Assert.Throws<ModelLoadException>(() => ModelPackage.Load(_temp.Path));
        Assert.Contains("metadata.json", missing.Message);
    }

    [Fact]
    public async Task Batched_features_equal_one_at_a_time_features()
    {
        // The batch dimension was made dynamic by editing the graph; a batch must not change any image's features.
        var data = SyntheticImages.ShapesDataset(_temp.Combine("d"), perClass: 3);
        var requests = Directory.GetFiles(data, "*", SearchOption.AllDirectories)
            .Select((p, i) => new FeatureRequest(p, $"h{i}")).ToArray();
        var batched = await new FeatureExtractor(ResNet18Backbone.Shared, null) { BatchSize = 6 }.ExtractAsync(requests, [0]);
        var single = await new FeatureExtractor(ResNet18Backbone.Shared, null) { BatchSize = 1 }.ExtractAsync(requests, [0]);
        foreach (var key in batched.Vectors.Keys)
        {
            var a = batched.Vectors[key];
            var b = single.Vectors[key];
            Assert.Equal(FeatureLayout.FullLength, a.Length);
            for (int i = 0; i < a.Length; i++) Assert.Equal(a[i], b[i], 3);
        }
        Assert.Contains(batched.Vectors.Values.First(), v => v > 0);
    }

    [Fact]
    public async Task Featurization_keeps_the_stage3_maps_of_the_wanted_views_from_the_same_pass()
    {
        var data = SyntheticImages.ShapesDataset(_temp.Combine("maps"), perClass: 3);
        var requests = Directory.GetFiles(data, "*", SearchOption.AllDirectories)
            .Select((p, i) => new FeatureRequest(p, $"h{i}")).ToArray();
        var maps = new CapturedStageMaps([0]);
        var features = await new FeatureExtractor(ResNet18Backbone.Shared, null) { BatchSize = 4, StageMaps = maps }.ExtractAsync(requests, [0, 1]);

        Assert.Equal(requests.Length, maps.Count);
        Assert.All(requests, r => Assert.Null(maps.Find(r.Hash, 1)));
        // The block3 features are the stage-3 map averaged over its 14×14 positions: the kept map is that same map.
        int block3 = FeatureLayout.AllBlocks.TakeWhile(b => b.Name != "block3").Sum(b => b.Width);
        foreach (var request in requests)
        {
            var map = maps.Find(request.Hash, 0)!;
            var vector = features.Vectors[(request.Hash, 0)];
            for (int c = 0; c < CapturedStageMaps.Channels; c++)
            {
                float mean = 0;
                for (int k = 0; k < CapturedStageMaps.Size * CapturedStageMaps.Size; k++) mean += (float)map[c * CapturedStageMaps.Size * CapturedStageMaps.Size + k];
                mean /= CapturedStageMaps.Size * CapturedStageMaps.Size;
                Assert.True(Math.Abs(mean - vector[block3 + c]) <= 2e-3f * Math.Max(1, Math.Abs(vector[block3 + c])), $"channel {c}: {mean} against {vector[block3 + c]}");
            }
        }
        Assert.Contains(maps.Find(requests[0].Hash, 0)!, v => (float)v > 0);

        // Fetching the map changes nothing in the features.
        var without = await new FeatureExtractor(ResNet18Backbone.Shared, null) { BatchSize = 4 }.ExtractAsync(requests, [0, 1]);
        foreach (var key in without.Vectors.Keys)
        {
            for (int i = 0; i < FeatureLayout.FullLength; i++) Assert.Equal(without.Vectors[key][i], features.Vectors[key][i], 5);
        }
    }
}
