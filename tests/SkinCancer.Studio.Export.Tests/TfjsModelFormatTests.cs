using System.Text.Json.Nodes;
using SkinCancer.Studio.Core.Export;

namespace SkinCancer.Studio.Export.Tests;

/// <summary>The TF.js export is a self-contained Layers model of standard layers, sharded like the TF.js converter does it.</summary>
[Collection(TrainedShapesCollection.Name)]
public sealed class TfjsModelFormatTests(TrainedShapesModel model)
{
    private static readonly HashSet<string> StandardLayers =
    [
        "InputLayer", "Conv2D", "ZeroPadding2D", "Activation", "MaxPooling2D", "Add", "Cropping2D",
        "GlobalAveragePooling2D", "GlobalMaxPooling2D", "Concatenate", "BatchNormalization", "Dense", "Permute", "Average",
    ];

    [Fact]
    public void Model_json_is_a_functional_layers_model_of_standard_layers()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(model.TfjsDirectory, TfjsExporter.ModelFile)))!;
        Assert.Equal("layers-model", (string?)json["format"]);
        var topology = json["modelTopology"]!;
        Assert.Equal("Model", (string?)topology["class_name"]);
        var classes = topology["config"]!["layers"]!.AsArray().Select(l => (string)l!["class_name"]!).ToHashSet();
        Assert.Subset(StandardLayers, classes);
        Assert.Equal([null, 224, 224, 3], topology["config"]!["layers"]![0]!["config"]!["batch_input_shape"]!.AsArray().Select(d => (int?)d));
    }

    [Fact]
    public void Weights_are_in_shards_of_at_most_4_MB_holding_exactly_the_manifest()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(model.TfjsDirectory, TfjsExporter.ModelFile)))!;
        var group = json["weightsManifest"]!.AsArray().Single()!;
        var paths = group["paths"]!.AsArray().Select(p => (string)p!).ToArray();
        Assert.True(paths.Length > 1);
        Assert.All(paths.Select((p, i) => (p, i)), x => Assert.Equal($"group1-shard{x.i + 1}of{paths.Length}.bin", x.p));
        var sizes = paths.Select(p => new FileInfo(Path.Combine(model.TfjsDirectory, p)).Length).ToArray();
        Assert.All(sizes, s => Assert.InRange(s, 1, 4 * 1024 * 1024));
        long expected = group["weights"]!.AsArray().Sum(w => w!["shape"]!.AsArray().Aggregate(4L, (a, d) => a * (int)d!));
        Assert.Equal(expected, sizes.Sum());
    }

    [Fact]
    public void Metadata_json_states_labels_input_resize_and_versions()
    {
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(model.TfjsDirectory, ExportMetadata.FileName)))!;
        Assert.Equal(ShapeImages.Classes, metadata["labels"]!.AsArray().Select(l => (string)l!));
        Assert.Equal(224, (int)metadata["inputSize"]!);
        Assert.Contains("stretch", (string)metadata["resize"]!);
        Assert.Equal(TfjsExporter.TfjsVersion, (string?)metadata["tfjsVersion"]);
        Assert.False(string.IsNullOrEmpty((string?)metadata["studioVersion"]));
        Assert.Contains("Not a diagnostic tool", (string)metadata["disclaimer"]!);
    }
}
