using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.FineTuning.Maps;
using SkinCancer.Studio.FineTuning.Network;
using SkinCancer.Studio.FineTuning.Training;

namespace SkinCancer.Studio.FineTuning.Tests;

/// <summary>Fine-tuning on random resized crops whose stage-3 maps are computed again each epoch.</summary>
public sealed class RandomCropMapsTests(FineTuningFixture data) : IClassFixture<FineTuningFixture>
{
    [Fact]
    public void Crops_repeat_with_the_seed_change_from_draw_to_draw_and_differ_from_the_whole_image()
    {
        using var crops = new RandomCropMaps(BackboneInputs.ShippedModel, data.Paths, views: 2, minScale: 0.35);
        int[] indices = [0, 5, 30];
        var first = crops.Draw(indices, new Random(3), CancellationToken.None);
        var again = crops.Draw(indices, new Random(3), CancellationToken.None);
        var random = new Random(4);
        var other = crops.Draw(indices, random, CancellationToken.None);
        var next = crops.Draw(indices, random, CancellationToken.None);
        foreach (var image in indices)
        {
            var map = Map(first, image);
            Assert.Equal(map, Map(again, image));
            Assert.NotEqual(map, Map(other, image));
            Assert.NotEqual(Map(other, image), Map(next, image));
            Assert.NotEqual(map, Map(data.Maps, image));
            Assert.All(map, v => Assert.True(v >= 0 && float.IsFinite(v))); // stage 3 ends in a ReLU
        }
    }

    [Fact]
    public void Fine_tuning_on_crops_draws_them_each_epoch_and_validates_on_whole_images()
    {
        var options = data.Options with { FineTuneCropScale = 0.6, FineTuneEpochs = 2, FineTunePatience = 2 };
        using var crops = new RandomCropMaps(BackboneInputs.ShippedModel, data.Paths, views: 1, minScale: options.FineTuneCropScale);
        var progress = new List<RunProgress>();
        using var cropped = Run(options, progress.Add, crops);
        using var whole = Run(options, null, crops: null);

        Assert.Equal(2, cropped.History.Count);
        Assert.All(cropped.History, e => Assert.True(double.IsFinite(e.TrainLoss) && e.ValidationLoss is { } v && double.IsFinite(v)));
        // The same seed and start: the training steps saw other inputs, the validation the same whole images.
        Assert.NotEqual(whole.History[0].TrainLoss, cropped.History[0].TrainLoss);
        Assert.Equal(whole.FrozenValidationLoss, cropped.FrozenValidationLoss);
        Assert.Equal(data.Frozen.TrainIndices.Length, progress.OfType<FineTuningProgress>().Last().Total);
    }

    private FineTuningOutcome Run(Core.Training.TrainingOptions options, Action<RunProgress>? onProgress, RandomCropMaps? crops) =>
        new StageFineTuner(options).Run(StageNetwork.Stage4(BackboneInputs.ShippedModel), data.Frozen.Head, data.Layout, data.Maps,
            data.Labels, data.Frozen.TrainIndices, data.Frozen.ValidationIndices, data.Frozen.History.Count + 1, onProgress, CancellationToken.None, crops);

    private static float[] Map(StageMaps maps, int image)
    {
        var values = new float[StageMaps.Length];
        maps.CopyTo(image, 0, values);
        return values;
    }
}
