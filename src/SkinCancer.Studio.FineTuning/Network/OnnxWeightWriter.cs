using Google.Protobuf;
using Onnx;
using TorchSharp.Modules;

namespace SkinCancer.Studio.FineTuning.Network;

/// <summary>
/// Writes a fine-tuned <see cref="StageNetwork"/> back into ResNet18.onnx, so ONNX Runtime (evaluation, prediction, the
/// API) and every exporter run the fine-tuned network on their usual path. Only initializer values change: nodes, tensor
/// names and shapes stay, so anything that reads an activation by name (stage-4 maps for Grad-CAM) still finds it.
/// The network was trained with BatchNormalization folded into each convolution, so each BatchNormalization is set to
/// the identity (scale 1, mean 0, variance 1 − ε) and carries the folded bias as its shift; the convolution gets the
/// folded kernel. An exporter that folds BatchNormalization again gets the same kernel back (scale 1/√(1 − ε + ε)).
/// </summary>
internal static class OnnxWeightWriter
{
    public static byte[] Write(byte[] resNet18Onnx, StageNetwork network)
    {
        var model = ModelProto.Parser.ParseFrom(resNet18Onnx);
        var graph = model.Graph;
        var initializers = graph.Initializer.ToDictionary(i => i.Name);
        var readers = graph.Node.SelectMany(n => n.Input).CountBy(name => name).ToDictionary();

        foreach (var (name, weight, bias) in network.Convolutions)
        {
            var conv = graph.Node.SingleOrDefault(n => n.Name == name && n.OpType == "Conv")
                       ?? throw new InvalidDataException($"the graph has no convolution {name}");
            var norm = graph.Node.Single(n => n.OpType == "BatchNormalization" && n.Input[0] == conv.Output[0]);
            float epsilon = norm.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5f;
            int filters = (int)bias.shape[0];

            Replace(initializers, readers, conv.Input[1], Values(weight));
            Replace(initializers, readers, norm.Input[1], Filled(filters, 1f));
            Replace(initializers, readers, norm.Input[2], Values(bias));
            Replace(initializers, readers, norm.Input[3], Filled(filters, 0f));
            Replace(initializers, readers, norm.Input[4], Filled(filters, 1f - epsilon));
        }
        return model.ToByteArray();
    }

    private static void Replace(Dictionary<string, TensorProto> initializers, Dictionary<string, int> readers, string name, float[] values)
    {
        var initializer = initializers[name];
        // A shared initializer would change another node too: this graph has none, and a graph that has is refused.
        if (readers[name] != 1) throw new InvalidDataException($"initializer {name} is read by {readers[name]} nodes");
        long expected = initializer.Dims.Aggregate(1L, (a, d) => a * d);
        if (expected != values.Length) throw new InvalidDataException($"initializer {name} holds {expected} values, the network {values.Length}");
        initializer.FloatData.Clear();
        initializer.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static float[] Values(Parameter parameter)
    {
        using var values = parameter.detach();
        return values.data<float>().ToArray();
    }

    private static float[] Filled(int count, float value)
    {
        var values = new float[count];
        Array.Fill(values, value);
        return values;
    }
}
