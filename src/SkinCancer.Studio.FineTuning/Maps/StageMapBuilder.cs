using System.Diagnostics;
using SkinCancer.Studio.Core.Imaging;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.FineTuning.Network;

namespace SkinCancer.Studio.FineTuning.Maps;

/// <summary>
/// Computes <see cref="StageMaps"/> with ONNX Runtime on the shipped backbone: each image decoded and preprocessed exactly
/// as the feature extractor does (decode, resize to 224, view, backbone tensor), in batches. Maps that featurization
/// kept (<see cref="Core.Features.CapturedStageMaps"/>) are taken as they are.
/// Progress is reported as <see cref="FineTuningProgress"/> of the maps step.
/// </summary>
internal static class StageMapBuilder
{
    private const int BatchSize = 16;

    public static StageMaps Compute(
        string resNet18Path,
        IReadOnlyList<string> paths,
        IReadOnlyList<int> views,
        Action<FineTuningProgress>? onProgress,
        CancellationToken cancellationToken,
        Func<int, int, Half[]?>? captured = null)
    {
        var maps = new StageMaps(paths.Count, views.Count);
        var items = new List<(int Image, int View)>();
        for (int i = 0; i < paths.Count; i++)
        {
            for (int v = 0; v < views.Count; v++)
            {
                // Kept from the featurization pass (a cold run): the same ONNX Runtime maps, not computed again.
                if (captured?.Invoke(i, views[v]) is { } map) maps.Set(i, v, map);
                else items.Add((i, v));
            }
        }
        // Progress counts images whose maps are all there. A cold run took each image's own view from featurization, so
        // one computed view completes an image there; a warm run computes every view.
        int pending = items.Select(item => item.Image).Distinct().Count(), complete = paths.Count - pending;
        if (items.Count == 0)
        {
            onProgress?.Invoke(new FineTuningProgress(FineTuningProgress.MapsStep, 0, 0, paths.Count, paths.Count, 0, TimeSpan.Zero));
            return maps;
        }

        using var session = new ActivationSession(File.ReadAllBytes(resNet18Path), [StageOperations.Stage3Output]);
        var tensors = new float[BatchSize * Preprocessing.TensorLength];
        var clock = Stopwatch.StartNew();
        for (int start = 0; start < items.Count; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(BatchSize, items.Count - start);
            // Whole images per batch are not needed: each (image, view) decodes its image again, which costs ~2 ms
            // against ~20 ms of backbone per view, and keeps the loop simple.
            Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, b =>
            {
                var (image, view) = items[start + b];
                using var decoded = ImageDecoding.LoadRgb(File.ReadAllBytes(paths[image]));
                using var resized = Preprocessing.ResizeToInput(decoded);
                using var viewed = ImageViews.Apply(resized, views[view]);
                Preprocessing.WriteBackboneTensor(viewed, tensors.AsSpan(b * Preprocessing.TensorLength, Preprocessing.TensorLength));
            });
            session.Run(tensors, count, output =>
            {
                for (int b = 0; b < count; b++) maps.Set(items[start + b].Image, items[start + b].View, output.Slice(b * StageMaps.Length, StageMaps.Length));
            });

            double computed = (double)(start + count) * pending / items.Count;
            onProgress?.Invoke(new FineTuningProgress(FineTuningProgress.MapsStep, 0, 0, complete + (int)computed, paths.Count,
                computed / Math.Max(clock.Elapsed.TotalSeconds, 1e-9), clock.Elapsed));
        }
        return maps;
    }
}
