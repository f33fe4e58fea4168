using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.FineTuning.Maps;

namespace SkinCancer.Studio.FineTuning.Tests;

/// <summary>
/// A cold run keeps the stage-3 maps its featurization pass computes (<see cref="CapturedStageMaps"/>); fine-tuning takes
/// them instead of running stages 1–3 again, and they are the maps it would have computed.
/// </summary>
public sealed class CapturedStageMapTests(FineTuningFixture data) : IClassFixture<FineTuningFixture>
{
    [Fact]
    public async Task Maps_kept_by_featurization_are_the_maps_fine_tuning_computes_and_are_taken_as_they_are()
    {
        var paths = data.Paths.Take(6).ToArray();
        var requests = paths.Select((p, i) => new FeatureRequest(p, $"h{i}")).ToArray();
        var kept = new CapturedStageMaps([0]);
        using (var backbone = new ResNet18Backbone(BackboneInputs.ShippedModel))
        {
            await new FeatureExtractor(backbone, null) { StageMaps = kept }.ExtractAsync(requests, [0, 1]);
        }
        Assert.Equal(paths.Length, kept.Count);

        var computed = StageMapBuilder.Compute(BackboneInputs.ShippedModel, paths, [0, 1], null, CancellationToken.None);
        var marked = Enumerable.Repeat((Half)7, StageMaps.Length).ToArray();
        var progress = new List<FineTuningProgress>();
        var combined = StageMapBuilder.Compute(BackboneInputs.ShippedModel, paths, [0, 1], progress.Add, CancellationToken.None,
            (image, view) => image == 0 && view == 0 ? marked : kept.Find($"h{image}", view));

        var a = new float[StageMaps.Length];
        var b = new float[StageMaps.Length];
        combined.CopyTo(0, 0, a);
        Assert.All(a, v => Assert.Equal(7f, v)); // taken over, not computed again
        for (int image = 1; image < paths.Length; image++)
        {
            for (int view = 0; view < 2; view++)
            {
                combined.CopyTo(image, view, a);
                computed.CopyTo(image, view, b);
                Assert.Contains(b, v => v > 0);
                // Two ONNX Runtime graphs (the feature graph and the pruned stage-3 graph), stored as 16-bit floats.
                for (int k = 0; k < a.Length; k++) Assert.True(Math.Abs(a[k] - b[k]) <= 2e-3f * Math.Max(1, Math.Abs(b[k])), $"image {image} view {view} [{k}]: {a[k]} against {b[k]}");
            }
        }
        Assert.Equal(paths.Length, progress[^1].Done);
    }

    /// <summary>
    /// Progress counts images whose maps are all there. When featurization kept each image's own view, one computed view
    /// completes an image: the bar starts at 0, not half-way, and images/s is the rate at which images complete.
    /// </summary>
    [Fact]
    public void Maps_progress_counts_completed_images_when_each_image_s_own_view_was_kept()
    {
        var paths = data.Paths.Take(20).ToArray();
        var own = Enumerable.Repeat((Half)1, StageMaps.Length).ToArray();
        var progress = new List<FineTuningProgress>();
        StageMapBuilder.Compute(BackboneInputs.ShippedModel, paths, [0, 1], progress.Add, CancellationToken.None,
            (image, view) => view == 0 ? own : null);

        Assert.Equal([16, 20], progress.Select(p => p.Done)); // batches of 16 mirror views, each completing an image
        Assert.All(progress, p => Assert.Equal(20, p.Total));
        var first = progress[0];
        Assert.InRange(first.ImagesPerSecond * first.Elapsed.TotalSeconds, 15.99, 16.01);
    }
}
