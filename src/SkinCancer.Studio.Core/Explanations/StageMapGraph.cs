using Google.Protobuf;
using Onnx;
using SkinCancer.Studio.Core.Features;

namespace SkinCancer.Studio.Core.Explanations;

/// <summary>A stage's output maps: the tensor's name in the graph, its channels and its (square) spatial size at 224×224.</summary>
public sealed record StageShape(string Tensor, int Channels, int Size)
{
    public int Cells => Size * Size;
    public int Length => Channels * Cells;
}

/// <summary>
/// Rewrites a ResNet18 graph (the shipped one, or one carrying fine-tuned weights under the same node names) so that
/// it outputs the maps of the stages the pooled features are taken from, instead of the pooled features: the explainer
/// pools them itself, so it can send the class score's gradient back to every cell.
/// </summary>
public static class StageMapGraph
{
    /// <summary>The activations that <see cref="BackboneGraph.Taps"/> pool, with their shapes.</summary>
    public static readonly IReadOnlyList<StageShape> Stages =
    [
        new("ReLU315_Output_0", 128, 28),
        new("ReLU347_Output_0", 256, 14),
        new("ReLU393_Output_0", 512, 7),
    ];

    public static StageShape For(string tensor) =>
        Stages.FirstOrDefault(s => s.Tensor == tensor) ?? throw new InvalidOperationException($"no stage shape for tensor '{tensor}'");

    public static byte[] Build(string resNet18Path)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(resNet18Path));
        var graph = model.Graph;
        graph.ValueInfo.Clear();
        SetBatchDimension(graph.Input.Single(i => i.Name == BackboneGraph.InputName).Type.TensorType.Shape.Dim[0]);
        graph.Output.Clear();
        foreach (var stage in Stages)
        {
            if (graph.Node.All(n => !n.Output.Contains(stage.Tensor)))
            {
                throw new InvalidDataException($"{resNet18Path} has no tensor '{stage.Tensor}': not the expected model file");
            }
            var dims = new TensorShapeProto();
            dims.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
            foreach (var d in new[] { stage.Channels, stage.Size, stage.Size }) dims.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
            graph.Output.Add(new ValueInfoProto
            {
                Name = stage.Tensor,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = dims } },
            });
        }
        return model.ToByteArray();
    }

    private static void SetBatchDimension(TensorShapeProto.Types.Dimension dim)
    {
        dim.ClearDimValue();
        dim.DimParam = "N";
    }
}
