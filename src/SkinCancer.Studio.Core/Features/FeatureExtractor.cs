using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using SixLabors.ImageSharp;
using SkinCancer.Studio.Core.Imaging;

namespace SkinCancer.Studio.Core.Features;

/// <summary>An image to featurize: its file and its content hash (the cache key).</summary>
public sealed record FeatureRequest(string Path, string Hash)
{
    /// <summary>The image's bytes when they are already in memory (an uploaded image to predict): then no file is read.</summary>
    public byte[]? Content { get; init; }
}

/// <summary>Features by (hash, view), and the files that could not be decoded with the reason.</summary>
public sealed record FeatureSet(
    IReadOnlyDictionary<(string Hash, int View), float[]> Vectors,
    IReadOnlyDictionary<string, string> FailedPaths,
    int FromCache,
    int Computed,
    TimeSpan Elapsed);

/// <summary>
/// Files → full feature vectors. Decoding and preprocessing run on all cores into a bounded queue while the backbone
/// consumes batches from it, so the backbone (the slow part) never waits for pixels. Cached vectors skip all of it.
/// </summary>
public sealed class FeatureExtractor(ResNet18Backbone backbone, FeatureCache? cache)
{
    public int BatchSize { get; init; } = 16;

    /// <summary>Where to keep the stage-3 maps of the views it wants, from the same backbone pass (a run that will fine-tune).</summary>
    public CapturedStageMaps? StageMaps { get; init; }

    /// <summary>A decoded view on its way to the backbone (Tensor), or a value computed without it (Direct: the fingerprint).</summary>
    private sealed record Decoded(int Index, int View, float[]? Tensor, string? Error, float[]? Direct = null);

    public async Task<FeatureSet> ExtractAsync(
        IReadOnlyList<FeatureRequest> requests,
        IReadOnlyList<int> views,
        IProgress<FeaturizationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var distinct = requests.DistinctBy(r => r.Hash).ToArray();
        var vectors = cache?.GetMany(distinct.SelectMany(r => views.Select(v => (r.Hash, v))))
                      ?? new Dictionary<(string, int), float[]>();
        int fromCache = distinct.Count(r => views.All(v => vectors.ContainsKey((r.Hash, v))));
        var missing = distinct.Where(r => views.Any(v => !vectors.ContainsKey((r.Hash, v)))).ToArray();
        var failed = new Dictionary<string, string>();
        int total = distinct.Length;
        progress?.Report(new FeaturizationProgress(fromCache, total, fromCache, 0, clock.Elapsed));

        if (missing.Length > 0)
        {
            var computeClock = Stopwatch.StartNew();
            int done = 0;
            var queue = Channel.CreateBounded<Decoded>(new BoundedChannelOptions(Math.Max(2 * BatchSize, 8))
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
            var producer = ProduceAsync(missing, views, vectors, queue.Writer, cancellationToken);

            var batch = new float[BatchSize * Preprocessing.TensorLength];
            var outputs = new float[BatchSize * FeatureLayout.FullLength];
            float[] stageMaps = StageMaps is null ? [] : new float[BatchSize * CapturedStageMaps.Length];
            var pending = new List<Decoded>(BatchSize);
            var imagesLeft = missing.ToDictionary(r => r.Hash, r => views.Count(v => !vectors.ContainsKey((r.Hash, v))));

            async Task FlushAsync()
            {
                if (pending.Count == 0) return;
                for (int i = 0; i < pending.Count; i++)
                {
                    pending[i].Tensor.AsSpan(0, Preprocessing.TensorLength).CopyTo(batch.AsSpan(i * Preprocessing.TensorLength));
                    ArrayPool<float>.Shared.Return(pending[i].Tensor!);
                }
                bool capture = StageMaps is not null && pending.Any(p => StageMaps.Wants(p.View));
                await Task.Run(() => backbone.Run(batch, pending.Count, outputs, capture ? stageMaps : []), cancellationToken);
                var entries = new List<(string, int, float[])>(pending.Count);
                for (int i = 0; i < pending.Count; i++)
                {
                    var vector = outputs.AsSpan(i * FeatureLayout.FullLength, FeatureLayout.FullLength).ToArray();
                    var request = missing[pending[i].Index];
                    vectors[(request.Hash, pending[i].View)] = vector;
                    entries.Add((request.Hash, pending[i].View, vector));
                    if (capture && StageMaps!.Wants(pending[i].View))
                    {
                        StageMaps.Add(request.Hash, pending[i].View, stageMaps.AsSpan(i * CapturedStageMaps.Length, CapturedStageMaps.Length));
                    }
                    if (--imagesLeft[request.Hash] == 0) done++;
                }
                cache?.PutMany(entries);
                pending.Clear();
                double rate = done / Math.Max(computeClock.Elapsed.TotalSeconds, 1e-9);
                progress?.Report(new FeaturizationProgress(fromCache + done + failed.Count, total, fromCache, rate, clock.Elapsed));
            }

            var direct = new List<(string, int, float[])>();
            await foreach (var item in queue.Reader.ReadAllAsync(cancellationToken))
            {
                if (item.Error is not null)
                {
                    failed[missing[item.Index].Path] = item.Error;
                    continue;
                }
                if (item.Direct is not null)
                {
                    var request = missing[item.Index];
                    vectors[(request.Hash, item.View)] = item.Direct;
                    direct.Add((request.Hash, item.View, item.Direct));
                    if (--imagesLeft[request.Hash] == 0) done++;
                    continue;
                }
                pending.Add(item);
                if (pending.Count == BatchSize) await FlushAsync();
            }
            await FlushAsync();
            await producer;
            cache?.PutMany(direct);
        }

        return new FeatureSet(vectors, failed, fromCache, missing.Length - failed.Count, clock.Elapsed);
    }

    private static async Task ProduceAsync(
        FeatureRequest[] missing,
        IReadOnlyList<int> views,
        Dictionary<(string, int), float[]> cached,
        ChannelWriter<Decoded> writer,
        CancellationToken cancellationToken)
    {
        // The cache dictionary is only read here, before the consumer starts writing to it for these keys.
        var wanted = missing.Select(r => views.Where(v => !cached.ContainsKey((r.Hash, v))).ToArray()).ToArray();
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, missing.Length),
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
                async (index, ct) =>
                {
                    foreach (var item in Decode(missing[index], index, wanted[index]))
                    {
                        await writer.WriteAsync(item, ct);
                    }
                });
            writer.Complete();
        }
        catch (Exception e)
        {
            writer.Complete(e);
        }
    }

    private static IEnumerable<Decoded> Decode(FeatureRequest request, int index, int[] views)
    {
        var results = new List<Decoded>(views.Length);
        try
        {
            var bytes = request.Content ?? File.ReadAllBytes(request.Path);
            using var image = ImageDecoding.LoadRgb(bytes);
            using var resized = Preprocessing.ResizeToInput(image);
            foreach (var view in views)
            {
                if (view == ImageViews.Fingerprint)
                {
                    results.Add(new Decoded(index, view, null, null, ImageFingerprint.Compute(resized)));
                    continue;
                }
                using var viewed = ImageViews.Apply(resized, view);
                var tensor = ArrayPool<float>.Shared.Rent(Preprocessing.TensorLength);
                Preprocessing.WriteBackboneTensor(viewed, tensor);
                results.Add(new Decoded(index, view, tensor, null));
            }
        }
        catch (Exception e) when (e is ImageDecodeException or IOException or UnauthorizedAccessException or ImageFormatException)
        {
            foreach (var r in results) ArrayPool<float>.Shared.Return(r.Tensor!);
            return [new Decoded(index, -1, null, e.Message)];
        }
        return results;
    }
}
