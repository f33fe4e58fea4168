using Onnx;

namespace SkinCancer.Studio.Core.Export;

/// <summary>Small constructors for ONNX nodes, constants and value infos, so the exporter reads as the graph it builds.</summary>
internal static class OnnxGraphBuilding
{
    public static NodeProto Node(string opType, string name, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = name, Output = { output } };
        node.Input.AddRange(inputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static TensorProto Floats(string name, float[] values, params long[] shape)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(shape);
        tensor.FloatData.AddRange(values);
        return tensor;
    }

    public static TensorProto Longs(string name, long[] values, params long[] shape)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.AddRange(shape);
        tensor.Int64Data.AddRange(values);
        return tensor;
    }

    /// <summary>A float tensor value whose first dimension is the symbolic batch "N".</summary>
    public static ValueInfoProto BatchedFloat(string name, params long[] dimsAfterBatch)
    {
        var shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dimension { DimParam = "N" } } };
        foreach (var d in dimsAfterBatch) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    /// <summary>Adds an initializer and, as IR version 3 requires, the matching graph input.</summary>
    public static string Constant(GraphProto graph, TensorProto tensor)
    {
        graph.Initializer.Add(tensor);
        var shape = new TensorShapeProto();
        foreach (var d in tensor.Dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        graph.Input.Add(new ValueInfoProto
        {
            Name = tensor.Name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = tensor.DataType, Shape = shape } },
        });
        return tensor.Name;
    }
}
