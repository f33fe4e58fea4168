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

    private static byte[] WithOutputs(byte[] resNet18Onnx, IReadOnlyList<string> outputs)
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
        return model.ToByteArray();
    }

    public void Dispose() => _session.Dispose();
}
