using System.CommandLine;
using System.Text.Json;
using SkinCancer.Studio.Cli.Options;
using SkinCancer.Studio.Core.Datasets;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Cli.Commands;

internal static class BenchCommand
{
    public static Command Create(CliContext context)
    {
        var folder = new Argument<string>("folder") { Description = "A folder of labelled images to featurize." };
        var json = CommonFlags.Json();
        var limit = new Option<int?>("--limit") { Description = "Use at most this many images. Default: all.", HelpName = "N" };
        var backboneImages = CommonFlags.Value("--backbone-images", 480, "Images for the backbone-alone timing (no decoding).", "N");
        var batchSize = CommonFlags.Value("--batch-size", 16, "Images per ONNX Runtime batch.", "N");
        var command = new Command("bench", "Measure featurization speed and memory on a folder: decode, resize, backbone, per image and in total.")
        {
            folder, json, limit, backboneImages, batchSize,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(folder)!, parse.GetValue(json), parse.GetValue(limit),
            parse.GetValue(backboneImages), parse.GetValue(batchSize), context, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string folder, bool json, int? limit, int backboneImages, int batchSize,
        CliContext context, CancellationToken cancellationToken)
    {
        var report = new DatasetImporter(context.Options.Limits).Import(folder, cancellationToken);
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
