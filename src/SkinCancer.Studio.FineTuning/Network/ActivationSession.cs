using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Imaging;

namespace SkinCancer.Studio.FineTuning.Network;

/// <summary>
/// ONNX Runtime over a ResNet18.onnx (shipped or fine-tuned) with inner activations as outputs and a batch of any size:
/// computes the cached stage-3 maps that fine-tuning starts from, and is the reference a TorchSharp cut is checked against.
/// </summary>
internal sealed class ActivationSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _outputs;

    public ActivationSession(byte[] resNet18Onnx, IReadOnlyList<string> outputs, int? threads = null)
    {
        _outputs = [.. outputs];
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads ?? Environment.ProcessorCount,
            InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _session = new InferenceSession(WithOutputs(resNet18Onnx, outputs), options);
    }

    /// <summary>Runs <paramref name="count"/> backbone tensors ([3,224,224] each, back to back); one array per output, NCHW.</summary>
    public float[][] Run(float[] tensors, int count)
    {
        using var results = RunValues(tensors, count);
        return results.Select(r => r.GetTensorDataAsSpan<float>().ToArray()).ToArray();
    }

    /// <summary>
    /// Runs like <see cref="Run(float[], int)"/> and hands the first output to <paramref name="read"/> in ONNX Runtime's own
    /// buffer: no managed copy per batch (3 MB each for 16 stage-3 maps, which would pile up between collections).
    /// </summary>
    public void Run(float[] tensors, int count, OutputReader read)
    {
        using var results = RunValues(tensors, count);
        read(results[0].GetTensorDataAsSpan<float>());
    }

    public delegate void OutputReader(ReadOnlySpan<float> values);

    private IDisposableReadOnlyCollection<OrtValue> RunValues(float[] tensors, int count)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, tensors.AsMemory(0, count * Preprocessing.TensorLength),
            [count, 3, Preprocessing.InputSize, Preprocessing.InputSize]);
        using var runOptions = new RunOptions();
        return _session.Run(runOptions, [BackboneGraph.InputName], [value], _outputs);
    }

    internal static byte[] WithOutputs(byte[] resNet18Onnx, IReadOnlyList<string> outputs)
    {
        var model = ModelProto.Parser.ParseFrom(resNet18Onnx);
        var graph = model.Graph;
        // The value_info entries pin the batch to 1; without them ORT infers every shape from the input.
        graph.ValueInfo.Clear();
        var batch = graph.Input.Single(i => i.Name == BackboneGraph.InputName).Type.TensorType.Shape.Dim[0];
        batch.ClearDimValue();
        batch.DimParam = "N";
        graph.Output.Clear();
        foreach (var name in outputs)
        {
            graph.Output.Add(new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
            });
        }
        Prune(graph);
        return model.ToByteArray();
    }

    /// <summary>
    /// Removes the nodes and weights that no requested output depends on. ONNX Runtime runs every node of a graph
    /// whether or not its result is asked for: without this each stage-3 map cost a whole ResNet18 pass (36 views/s
    /// on 2 cores, against 60 pruned; the skin set's maps phase was 132 s).
    /// </summary>
    private static void Prune(GraphProto graph)
    {
        var needed = new HashSet<string>(graph.Output.Select(o => o.Name));
        var kept = new List<NodeProto>();
        foreach (var node in graph.Node.Reverse())
        {
            if (!node.Output.Any(needed.Contains)) continue;
            kept.Add(node);
            foreach (var input in node.Input) needed.Add(input);
        }
        kept.Reverse();
        graph.Node.Clear();
        graph.Node.AddRange(kept);
        var initializers = graph.Initializer.Where(i => needed.Contains(i.Name)).ToArray();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(initializers);
    }

    public void Dispose() => _session.Dispose();
}
