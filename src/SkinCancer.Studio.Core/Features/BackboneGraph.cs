using Google.Protobuf;
using Onnx;

namespace SkinCancer.Studio.Core.Features;

/// <summary>
/// Rewrites the shipped ResNet18.onnx (CNTK export, batch fixed to 1, one pooled output) into the graph the studio runs:
/// a symbolic batch dimension, and globally pooled outputs of the last three stages.
/// </summary>
public static class BackboneGraph
{
    public const string InputName = "Input247";

    /// <summary>Output tensors (stage activations) to pool, in <see cref="FeatureLayout.AllBlocks"/> order.</summary>
    /// <remarks>
    /// The "center" taps average only the middle of the feature map (6×6 of 14×14, 3×3 of 7×7): with the whole-map
    /// average they let the head compare a centred subject (a lesion) with its surroundings. Both regions are symmetric
    /// under flips and 90° rotations, so the views stay exact.
    /// </remarks>
    public static readonly IReadOnlyList<(string Block, string Activation, string Pooling, int CenterStart, int CenterEnd)> Taps =
    [
        ("block2", "ReLU315_Output_0", "GlobalAveragePool", 0, 0),
        ("block3", "ReLU347_Output_0", "GlobalAveragePool", 0, 0),
        ("block4", "ReLU393_Output_0", "GlobalAveragePool", 0, 0),
        ("block3max", "ReLU347_Output_0", "GlobalMaxPool", 0, 0),
        ("block4max", "ReLU393_Output_0", "GlobalMaxPool", 0, 0),
        ("block3center", "ReLU347_Output_0", "GlobalAveragePool", 4, 10),
        ("block4center", "ReLU393_Output_0", "GlobalAveragePool", 2, 5),
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

        foreach (var (block, tensor, pooling, centerStart, centerEnd) in Taps)
        {
            var activation = tensor;
            if (centerEnd > centerStart)
            {
                activation = $"{block}_center_slice";
                graph.Node.Add(new NodeProto
                {
                    OpType = "Slice",
                    Name = activation,
                    Input = { tensor },
                    Output = { activation },
                    Attribute =
                    {
                        new AttributeProto { Name = "axes", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 2, 3 } },
                        new AttributeProto { Name = "starts", Type = AttributeProto.Types.AttributeType.Ints, Ints = { centerStart, centerStart } },
                        new AttributeProto { Name = "ends", Type = AttributeProto.Types.AttributeType.Ints, Ints = { centerEnd, centerEnd } },
                    },
                });
            }
            if (graph.Node.All(n => !n.Output.Contains(tensor)))
            {
                throw new InvalidDataException($"ResNet18.onnx has no tensor '{tensor}': not the expected model file");
            }
            var output = OutputName(block);
            graph.Node.Add(new NodeProto
            {
                OpType = pooling,
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
        // Fetched only by a run that will fine-tune (CapturedStageMaps); the pooled outputs do not change with it.
        graph.Output.Add(new ValueInfoProto
        {
            Name = CapturedStageMaps.Activation,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
        });
        return model.ToByteArray();
    }

    private static void SetBatchDimension(ValueInfoProto value)
    {
        var dim = value.Type.TensorType.Shape.Dim[0];
        dim.ClearDimValue();
        dim.DimParam = "N";
    }
}
