using Google.Protobuf;
using Onnx;

namespace SkinCancer.Studio.Core.Features;

/// <summary>
/// Rewrites the shipped ResNet18.onnx (CNTK export, batch fixed to 1, one pooled output) into the graph the studio runs:
/// a symbolic batch dimension, and a global-average-pooled output for each of the last three stages.
/// </summary>
public static class BackboneGraph
{
    public const string InputName = "Input247";

    /// <summary>Output tensors (stage activations) to pool, in <see cref="FeatureLayout.AllBlocks"/> order.</summary>
    public static readonly IReadOnlyList<(string Block, string Activation)> Taps =
    [
        ("block2", "ReLU315_Output_0"),
        ("block3", "ReLU347_Output_0"),
        ("block4", "ReLU393_Output_0"),
    ];

    public static string OutputName(string block) => $"pooled_{block}";

    public static byte[] BuildFeatureGraph(string resNet18Path)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(resNet18Path));
        var graph = model.Graph;

        // The value_info entries pin the batch to 1; without them ORT infers shapes for any batch size.
        graph.ValueInfo.Clear();
        SetBatchDimension(graph.Input.Single(i => i.Name == InputName));
        graph.Output.Clear();

        foreach (var (block, activation) in Taps)
        {
            if (graph.Node.All(n => !n.Output.Contains(activation)))
            {
                throw new InvalidDataException($"ResNet18.onnx has no tensor '{activation}': not the expected model file");
            }
            var output = OutputName(block);
            graph.Node.Add(new NodeProto
            {
                OpType = "GlobalAveragePool",
                Name = output,
                Input = { activation },
                Output = { output },
            });
            graph.Output.Add(new ValueInfoProto
            {
                Name = output,
                Type = new TypeProto
                {
                    TensorType = new TypeProto.Types.Tensor
                    {
                        ElemType = (int)TensorProto.Types.DataType.Float,
                        Shape = new TensorShapeProto
                        {
                            Dim =
                            {
                                new TensorShapeProto.Types.Dimension { DimParam = "N" },
                                new TensorShapeProto.Types.Dimension { DimValue = FeatureLayout.AllBlocks.Single(b => b.Name == block).Width },
                                new TensorShapeProto.Types.Dimension { DimValue = 1 },
                                new TensorShapeProto.Types.Dimension { DimValue = 1 },
                            },
                        },
                    },
                },
            });
        }
        return model.ToByteArray();
    }

    private static void SetBatchDimension(ValueInfoProto value)
    {
        var dim = value.Type.TensorType.Shape.Dim[0];
        dim.ClearDimValue();
        dim.DimParam = "N";
    }
}
