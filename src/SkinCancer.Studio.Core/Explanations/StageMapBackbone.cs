using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;
using SkinCancer.Studio.Core.Imaging;

namespace SkinCancer.Studio.Core.Explanations;

/// <summary>
/// The backbone as the explainer runs it: one ONNX Runtime session over <see cref="StageMapGraph"/>, created on first
/// use (explanations are rarer than predictions, and a session holds the weights again), thread-safe like any session.
/// </summary>
public sealed class StageMapBackbone(string modelPath) : IDisposable
{
    private static readonly ConcurrentDictionary<string, StageMapBackbone> Shared = new();

    private readonly Lazy<InferenceSession> _session = new(() => CreateSession(modelPath));

    /// <summary>The process-wide instance for a graph file (one session per file, like <see cref="Features.ResNet18Backbone.Shared"/>).</summary>
    public static StageMapBackbone For(string modelPath) => Shared.GetOrAdd(Path.GetFullPath(modelPath), path => new StageMapBackbone(path));

    public string ModelPath => modelPath;

    private static InferenceSession CreateSession(string modelPath)
    {
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"The backbone model is missing at {modelPath}", modelPath);
        using var options = new SessionOptions
        {
            IntraOpNumThreads = Environment.ProcessorCount,
            InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        // As for the feature session: sleeping threads leave the cores to the other session and to decoding.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return new InferenceSession(StageMapGraph.Build(modelPath), options);
    }

    /// <summary>
    /// Runs <paramref name="count"/> preprocessed images (planar [3,224,224] each) and returns, per requested stage,
    /// the maps of all images back to back ([count, C, H, W]).
    /// </summary>
    public IReadOnlyList<float[]> Run(float[] tensors, int count, IReadOnlyList<StageShape> stages)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, tensors.AsMemory(0, count * Preprocessing.TensorLength),
            [count, 3, Preprocessing.InputSize, Preprocessing.InputSize]);
        using var runOptions = new RunOptions();
        using var outputs = _session.Value.Run(runOptions, [Features.BackboneGraph.InputName], [value], stages.Select(s => s.Tensor).ToArray());
        return outputs.Select(o => o.GetTensorDataAsSpan<float>().ToArray()).ToArray();
    }

    public void Dispose()
    {
        if (_session.IsValueCreated) _session.Value.Dispose();
    }
}
