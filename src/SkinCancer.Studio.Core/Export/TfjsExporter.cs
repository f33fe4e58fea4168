using System.Text.Json;
using System.Text.Json.Nodes;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Imaging;
using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Core.Export;

/// <summary>
/// The whole network (preprocessing, ResNet18, pooling taps, head, and the test-time views if the model has them) as a
/// TF.js Layers model of standard layers only, so <c>tf.loadLayersModel('model.json')</c> loads it as it is:
/// input RGB 0–255 [N,224,224,3], output class probabilities.
/// </summary>
public sealed class TfjsExporter(string? resNet18Path = null)
{
    public const string TfjsVersion = "4.22.0";
    public const string ModelFile = "model.json";
    private const string InputName = "image";
    private const string OutputName = "probabilities";

    private readonly string _resNet18Path = resNet18Path ?? ResNet18Backbone.DefaultModelPath;

    public ExportResult Export(ModelPackage model, string outputDirectory)
    {
        Directory.CreateDirectory(outputDirectory);
        var (topology, weights) = Build(model);
        var manifest = TfjsWeightShards.Write(outputDirectory, weights);
        var modelJson = new JsonObject
        {
            ["format"] = "layers-model",
            ["generatedBy"] = $"SkinCancer Studio {ModelPackage.StudioVersion}",
            ["convertedBy"] = null,
            ["modelTopology"] = topology,
            ["weightsManifest"] = manifest,
        };
        File.WriteAllText(Path.Combine(outputDirectory, ModelFile), modelJson.ToJsonString());
        var metadata = ExportMetadata.For(model, "tfjs-layers-model") with { TfjsVersion = TfjsVersion, Usage = ExportMetadata.TfjsUsage };
        File.WriteAllText(Path.Combine(outputDirectory, ExportMetadata.FileName), JsonSerializer.Serialize(metadata, StudioJson.Options));
        ExportAssets.Write(outputDirectory, ExportAssets.PreprocessJs);
        return ExportResult.Of(outputDirectory);
    }

    private (JsonObject Topology, IReadOnlyList<TfjsWeight> Weights) Build(ModelPackage model)
    {
        var builder = new TfjsModelBuilder();
        var taps = ExportTap.For(model.Layout);
        var backbone = new TfjsBackboneLayers(builder, BackboneReader.Read(model.BackbonePath ?? _resNet18Path, taps.Select(t => t.Activation).Distinct().ToArray()));
        var head = HeadLayers.Dense(model.Head);
        var views = model.Metadata.TestTimeViews;

        var input = builder.Input(InputName, Preprocessing.InputSize, 3);
        // Per-pixel preprocessing commutes with the views' pixel rearrangements: do it once, before them.
        var preprocessed = AddPreprocessing(builder, input);
        // All views before the shared network: TF.js rebuilds a shared layer's calls in list order, so every input of
        // a layer's k-th call must come from a layer listed before it, or the calls get renumbered and miswired.
        var viewInputs = views.Select(view => AddView(builder, view, preprocessed)).ToArray();
        var outputs = viewInputs
            .Select(viewInput => AddHead(builder, head, Standardise(builder, model, backbone.Features(viewInput, taps)),
                views.Count == 1 ? OutputName : "head_output"))
            .ToArray();
        var output = outputs.Length == 1 ? outputs[0] : builder.Layer("Average", OutputName, new JsonObject(), outputs);
        return (builder.Topology("skin_cancer_studio", input, output), builder.Weights);
    }

    /// <summary>RGB → BGR minus the channel means as one 1×1 convolution: a permutation kernel and bias −mean, exact in float.</summary>
    private static TfjsTensor AddPreprocessing(TfjsModelBuilder builder, TfjsTensor input)
    {
        const string name = "preprocess_bgr_mean";
        var layer = builder.Layer("Conv2D", name, TfjsBackboneLayers.ConvConfig(filters: 3, kernel: 1, stride: 1), input);
        builder.Weight(name, "kernel", [1, 1, 3, 3], () =>
        {
            var kernel = new float[3 * 3];
            for (int output = 0; output < 3; output++) kernel[(2 - output) * 3 + output] = 1f;
            return kernel;
        });
        builder.Weight(name, "bias", [3], () => Preprocessing.MeanBgr.Select(m => -m).ToArray());
        return layer;
    }

    /// <summary>
    /// A view from standard layers: Permute swaps rows and columns; a flip moves the axis last (Permute), reverses it with
    /// a Dense whose kernel is the anti-identity (exact: one product by 1, the rest by 0), and moves it back.
    /// </summary>
    private static TfjsTensor AddView(TfjsModelBuilder builder, int view, TfjsTensor input)
    {
        var current = input;
        int step = 0;
        foreach (var transform in ViewTransforms.For(view))
        {
            var name = $"view{view}_step{++step}";
            if (transform == PixelTransform.Transpose)
            {
                current = builder.Layer("Permute", name, Permute(2, 1, 3), current);
                continue;
            }
            var axisLast = transform == PixelTransform.FlipWidth ? Permute(1, 3, 2) : Permute(3, 2, 1);
            current = builder.Layer("Permute", $"{name}_to_last", axisLast, current);
            // One Dense per flip, not one shared: a shared one would be called from layers listed after it (see Build).
            current = builder.Layer("Dense", $"{name}_reverse", new JsonObject
            {
                ["units"] = Preprocessing.InputSize,
                ["activation"] = "linear",
                ["use_bias"] = false,
                ["kernel_initializer"] = TfjsModelBuilder.ZerosInitializer(),
            }, current);
            builder.Weight($"{name}_reverse", "kernel", [Preprocessing.InputSize, Preprocessing.InputSize], AntiIdentity);
            current = builder.Layer("Permute", $"{name}_back", axisLast.DeepClone().AsObject(), current);
        }
        return current;
    }

    /// <summary>
    /// The head's (x − mean) · inverse_std as a BatchNormalization layer: gamma = inverse_std, beta = 0, and a variance
    /// and epsilon (1 − 2⁻¹⁰ and 2⁻¹⁰) whose sum is exactly 1, so it computes the studio's float operations exactly.
    /// </summary>
    private static TfjsTensor Standardise(TfjsModelBuilder builder, ModelPackage model, TfjsTensor features)
    {
        const string name = "head_standardise";
        const float epsilon = 1f / 1024;
        var head = model.Head;
        var layer = builder.Layer("BatchNormalization", name, new JsonObject
        {
            ["axis"] = -1,
            ["momentum"] = 0.99,
            ["epsilon"] = epsilon,
            ["center"] = true,
            ["scale"] = true,
        }, features);
        builder.Weight(name, "gamma", [head.InputLength], () => head.InverseStd.ToArray());
        builder.Weight(name, "beta", [head.InputLength], () => new float[head.InputLength]);
        builder.Weight(name, "moving_mean", [head.InputLength], () => head.Mean.ToArray());
        builder.Weight(name, "moving_variance", [head.InputLength], () => Enumerable.Repeat(1f - epsilon, head.InputLength).ToArray());
        return layer;
    }

    private static TfjsTensor AddHead(TfjsModelBuilder builder, IReadOnlyList<DenseWeights> head, TfjsTensor features, string outputName)
    {
        var current = features;
        for (int i = 0; i < head.Count; i++)
        {
            var layer = head[i];
            bool last = i == head.Count - 1;
            var name = last ? outputName : $"head_dense{i + 1}";
            current = builder.Layer("Dense", name, new JsonObject
            {
                ["units"] = layer.Outputs,
                ["activation"] = last ? "softmax" : layer.Relu ? "relu" : "linear",
                ["use_bias"] = true,
                ["kernel_initializer"] = TfjsModelBuilder.ZerosInitializer(),
            }, current);
            builder.Weight(name, "kernel", [layer.Inputs, layer.Outputs], () => layer.KernelInOut);
            builder.Weight(name, "bias", [layer.Outputs], () => layer.Bias);
        }
        return current;
    }

    private static JsonObject Permute(params int[] dims) => new() { ["dims"] = new JsonArray(dims.Select(d => (JsonNode)d).ToArray()) };

    private static float[] AntiIdentity()
    {
        int n = Preprocessing.InputSize;
        var kernel = new float[n * n];
        for (int i = 0; i < n; i++) kernel[i * n + (n - 1 - i)] = 1f;
        return kernel;
    }
}
