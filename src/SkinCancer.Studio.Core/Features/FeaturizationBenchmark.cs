using System.Diagnostics;
using SkinCancer.Studio.Core.Imaging;

namespace SkinCancer.Studio.Core.Features;

public sealed record BenchmarkResult(
    int Images,
    int BatchSize,
    int Threads,
    double PipelineImagesPerSecond,
    double PipelineSeconds,
    int BackboneImages,
    double BackboneImagesPerSecond,
    double BackboneSeconds,
    double Ratio,
    int Failed);

/// <summary>
/// Measures, in one run, the whole featurization path (read + decode + preprocess + backbone, no cache) and the backbone
/// alone on tensors decoded beforehand; their ratio is the pipeline's overhead.
/// </summary>
public sealed class FeaturizationBenchmark(ResNet18Backbone backbone, int batchSize = 16)
{
    public async Task<BenchmarkResult> RunAsync(IReadOnlyList<FeatureRequest> images, int backboneImages, CancellationToken cancellationToken = default)
    {
        // Warm-up: the first run allocates ORT's arenas.
        var warm = new float[batchSize * Preprocessing.TensorLength];
        var warmOut = new float[batchSize * FeatureLayout.FullLength];
        backbone.Run(warm, batchSize, warmOut);

        int n = Math.Min(backboneImages, images.Count);
        var tensors = new float[n * Preprocessing.TensorLength];
        for (int i = 0; i < n; i++)
        {
            Preprocessing.BytesToBackboneTensor(File.ReadAllBytes(images[i].Path), tensors.AsSpan(i * Preprocessing.TensorLength, Preprocessing.TensorLength));
        }
        var features = new float[batchSize * FeatureLayout.FullLength];
        var clock = Stopwatch.StartNew();
        for (int start = 0; start < n; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(batchSize, n - start);
            backbone.Run(tensors.AsMemory(start * Preprocessing.TensorLength), count, features);
        }
        var backboneSeconds = clock.Elapsed.TotalSeconds;
        tensors = null;

        clock.Restart();
        var result = await new FeatureExtractor(backbone, cache: null) { BatchSize = batchSize }
            .ExtractAsync(images, ImageViews.IdentityOnly, progress: null, cancellationToken);
        var pipelineSeconds = clock.Elapsed.TotalSeconds;

        double pipelineRate = result.Computed / pipelineSeconds;
        double backboneRate = n / backboneSeconds;
        return new BenchmarkResult(images.Count, batchSize, Environment.ProcessorCount, pipelineRate, pipelineSeconds,
            n, backboneRate, backboneSeconds, pipelineRate / backboneRate, result.FailedPaths.Count);
    }
}
