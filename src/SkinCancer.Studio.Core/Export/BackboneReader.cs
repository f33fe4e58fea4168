using Onnx;
using SkinCancer.Studio.Core.Features;

namespace SkinCancer.Studio.Core.Export;

/// <summary>
/// Reads the shipped ResNet18.onnx into <see cref="BackboneOperation"/>s, keeping only what the requested stage
/// activations depend on. Each BatchNormalization is folded into the convolution before it, in double precision.
/// Anything outside the few op types ResNet18 uses is refused, so a different model file fails loudly, not silently.
/// </summary>
internal static class BackboneReader
{
    public static IReadOnlyList<BackboneOperation> Read(string resNet18Path, IReadOnlyCollection<string> requiredTensors)
    {
        if (!File.Exists(resNet18Path))
        {
            throw new FileNotFoundException($"The ResNet18 model is missing at {resNet18Path}; rebuild the project.", resNet18Path);
        }
        var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(resNet18Path)).Graph;
        var initializers = graph.Initializer.ToDictionary(i => i.Name);
        var needed = OnnxGraphPruning.Ancestors(graph, requiredTensors);
        var nodes = graph.Node.Where(n => needed.Contains(n)).ToList();

        var operations = new List<BackboneOperation>();
        for (int i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            switch (node.OpType)
            {
                case "Conv":
                    var norm = nodes.ElementAtOrDefault(i + 1);
                    if (norm is null || norm.OpType != "BatchNormalization" || norm.Input[0] != node.Output[0])
                    {
                        throw Unexpected(node, "a Conv not followed by its BatchNormalization");
                    }
                    operations.Add(FoldConvolution(node, norm, initializers));
                    i++;
                    break;
                case "Relu":
                    operations.Add(new ReluOperation(node.Name, node.Input[0], node.Output[0]));
                    break;
                case "MaxPool":
                    operations.Add(new MaxPoolOperation(node.Name, node.Input[0], node.Output[0],
                        SquareInts(node, "kernel_shape"), SquareInts(node, "strides"), Padding.FromOnnx(Ints(node, "pads"))));
                    break;
                case "Add":
                    operations.Add(new AddOperation(node.Name, node.Input[0], node.Input[1], node.Output[0]));
                    break;
                default:
                    throw Unexpected(node, $"op type {node.OpType}");
            }
        }
        return operations;
    }

    private static ConvolutionOperation FoldConvolution(NodeProto conv, NodeProto norm, Dictionary<string, TensorProto> initializers)
    {
        if (conv.Input.Count != 2) throw Unexpected(conv, "a Conv with its own bias");
        if (Ints(conv, "group").Any(g => g != 1) || Ints(conv, "dilations").Any(d => d != 1)) throw Unexpected(conv, "grouped or dilated Conv");
        var weights = initializers[conv.Input[1]];
        int filters = (int)weights.Dims[0], inputs = (int)weights.Dims[1], kernel = (int)weights.Dims[2];
        var w = Floats(weights);
        var gamma = Floats(initializers[norm.Input[1]]);
        var beta = Floats(initializers[norm.Input[2]]);
        var mean = Floats(initializers[norm.Input[3]]);
        var variance = Floats(initializers[norm.Input[4]]);
        var epsilonAttribute = norm.Attribute.FirstOrDefault(a => a.Name == "epsilon");
        double epsilon = epsilonAttribute?.F ?? 1e-5;

        int perFilter = inputs * kernel * kernel;
        var folded = new float[w.Length];
        var bias = new float[filters];
        for (int o = 0; o < filters; o++)
        {
            double scale = gamma[o] / Math.Sqrt(variance[o] + epsilon);
            for (int k = 0; k < perFilter; k++) folded[o * perFilter + k] = (float)(w[o * perFilter + k] * scale);
            bias[o] = (float)(beta[o] - mean[o] * scale);
        }
        return new ConvolutionOperation(conv.Name, conv.Input[0], norm.Output[0], inputs, filters, kernel,
            SquareInts(conv, "strides"), Padding.FromOnnx(Ints(conv, "pads")), folded, bias);
    }

    internal static float[] Floats(TensorProto tensor) =>
        tensor.FloatData.Count > 0
            ? tensor.FloatData.ToArray()
            : System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();

    /// <summary>An attribute's integers: the list of an INTS attribute, the value of an INT one, none if absent.</summary>
    private static IReadOnlyList<long> Ints(NodeProto node, string name) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) switch
        {
            null => [],
            { Type: AttributeProto.Types.AttributeType.Int } single => [single.I],
            var list => list.Ints.ToArray(),
        };

    private static int SquareInts(NodeProto node, string name)
    {
        var values = Ints(node, name);
        if (values.Count != 2 || values[0] != values[1]) throw Unexpected(node, $"non-square {name}");
        return (int)values[0];
    }

    private static InvalidDataException Unexpected(NodeProto node, string what) =>
        new($"ResNet18.onnx node {node.Name} is {what}: not the model file the exporters know ({ResNet18Backbone.Id})");
}
