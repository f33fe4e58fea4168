using System.Text.Json;
using SkinCancer.Studio.Core.Data;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Models;

namespace SkinCancer.Studio.Cli.Commands;

internal static class BenchCommand
{
    public static async Task<int> RunAsync(CommandLine line, CliContext context, CancellationToken cancellationToken)
    {
        line.RequirePositional(1, "studio bench <folder> [--limit N] [--backbone-images N] [--batch-size N] [--json]");
        var json = line.Flag("json");
        var limit = line.Int("limit");
        var backboneImages = line.Int("backbone-images") ?? 480;
        var batchSize = line.Int("batch-size") ?? 16;
        line.RejectUnknownOptions();

        var report = new DatasetImporter(context.Options.Limits).Import(line.Positional[0], cancellationToken);
        var images = report.Images.Select(i => new FeatureRequest(i.Path, i.Hash)).Take(limit ?? int.MaxValue).ToArray();
        if (images.Length == 0) throw new DatasetException("no usable images to benchmark");
        context.Error.WriteLine($"benchmarking {images.Length} images ({backboneImages} for the backbone alone)...");
        var result = await new FeaturizationBenchmark(ResNet18Backbone.Shared, batchSize).RunAsync(images, backboneImages, cancellationToken);

        if (json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(result, StudioJson.Options));
        }
        else
        {
            context.Out.WriteLine($"pipeline (read+decode+preprocess+backbone): {result.PipelineImagesPerSecond:F1} images/s over {result.Images} images ({result.PipelineSeconds:F1} s)");
            context.Out.WriteLine($"backbone alone on decoded tensors:          {result.BackboneImagesPerSecond:F1} images/s over {result.BackboneImages} images ({result.BackboneSeconds:F1} s)");
            context.Out.WriteLine($"ratio pipeline/backbone: {result.Ratio:F3}");
        }
        return StudioCli.Ok;
    }
}
