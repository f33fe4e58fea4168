using System.Text.Json.Nodes;

namespace SkinCancer.Studio.Core.Export;

/// <summary>A named float32 weight in a TF.js weights manifest.</summary>
internal sealed record TfjsWeight(string Name, int[] Shape, float[] Values);

/// <summary>One output of one call of a layer: (layer name, node index), as the Keras functional format references it.</summary>
internal readonly record struct TfjsTensor(string Layer, int Node);

/// <summary>
/// Accumulates a Keras-style functional model (the "Model" topology TF.js's loadLayersModel reads): layers with their
/// inbound nodes, and the weights named "layer/kernel", "layer/bias" as TF.js matches them on load. Calling a layer
/// name again shares the layer (one more inbound node, same weights), as test-time views share the whole network.
/// </summary>
internal sealed class TfjsModelBuilder
{
    private readonly JsonArray _layers = [];
    private readonly Dictionary<string, JsonObject> _byName = new(StringComparer.Ordinal);
    private readonly List<TfjsWeight> _weights = [];
    private readonly HashSet<string> _weightNames = new(StringComparer.Ordinal);

    public IReadOnlyList<TfjsWeight> Weights => _weights;

    public TfjsTensor Input(string name, int size, int channels)
    {
        var layer = new JsonObject
        {
            ["class_name"] = "InputLayer",
            ["config"] = new JsonObject
            {
                ["batch_input_shape"] = new JsonArray(null, size, size, channels),
                ["dtype"] = "float32",
                ["sparse"] = false,
                ["name"] = name,
            },
            ["name"] = name,
            ["inbound_nodes"] = new JsonArray(),
        };
        _byName.Add(name, layer);
        _layers.Add(layer);
        return new TfjsTensor(name, 0);
    }

    /// <summary>Calls layer <paramref name="name"/> on <paramref name="inputs"/>, creating it on its first call.</summary>
    public TfjsTensor Layer(string className, string name, JsonObject config, params TfjsTensor[] inputs)
    {
        if (!_byName.TryGetValue(name, out var layer))
        {
            config["name"] = name;
            config["trainable"] = false;
            layer = new JsonObject
            {
                ["class_name"] = className,
                ["config"] = config,
                ["name"] = name,
                ["inbound_nodes"] = new JsonArray(),
            };
            _byName.Add(name, layer);
            _layers.Add(layer);
        }
        else if ((string?)layer["class_name"] != className)
        {
            throw new InvalidOperationException($"TF.js layer name '{name}' is already a {layer["class_name"]}");
        }
        var nodes = layer["inbound_nodes"]!.AsArray();
        var inbound = new JsonArray();
        foreach (var input in inputs) inbound.Add(new JsonArray(input.Layer, input.Node, 0, new JsonObject()));
        nodes.Add(inbound);
        return new TfjsTensor(name, nodes.Count - 1);
    }

    /// <summary>Adds a layer's weight once; later calls of a shared layer add nothing.</summary>
    public void Weight(string layer, string weight, int[] shape, Func<float[]> values)
    {
        var name = $"{layer}/{weight}";
        if (!_weightNames.Add(name)) return;
        var data = values();
        if (shape.Aggregate(1L, (a, b) => a * b) != data.Length) throw new ArgumentException($"{name}: shape does not match the values");
        _weights.Add(new TfjsWeight(name, shape, data));
    }

    public JsonObject Topology(string modelName, TfjsTensor input, TfjsTensor output) => new()
    {
        ["class_name"] = "Model",
        ["config"] = new JsonObject
        {
            ["name"] = modelName,
            ["layers"] = _layers.DeepClone(),
            ["input_layers"] = new JsonArray(new JsonArray(input.Layer, input.Node, 0)),
            ["output_layers"] = new JsonArray(new JsonArray(output.Layer, output.Node, 0)),
        },
        ["keras_version"] = $"tfjs-layers {TfjsExporter.TfjsVersion}",
        ["backend"] = "tensor_flow.js",
    };

    /// <summary>Zeros, because the loader builds every layer before it overwrites the weights: random init of 16M values is wasted time.</summary>
    public static JsonObject ZerosInitializer() => new() { ["class_name"] = "Zeros", ["config"] = new JsonObject() };
}
