using Microsoft.ML.OnnxRuntime;
using SkinCancer.Studio.Core.Imaging;

namespace SkinCancer.Studio.Core.Features;

/// <summary>
/// The frozen ImageNet ResNet18 from Microsoft.ML.DnnImageFeaturizer.ResNet18, run by ONNX Runtime.
/// One instance per process (its Run is thread-safe); it owns ~600 MB once loaded, so the session is created on the
/// first Run: a run whose features are all cached never loads it.
/// </summary>
public sealed class ResNet18Backbone : IDisposable
{
    /// <summary>Identifies the weights and the pooled outputs: part of the feature-cache key.</summary>
    public const string Id = "resnet18-dnnimagefeaturizer-0.23.1/avg-block2-block3-block4/max-block3-block4/center-block3-block4";

    /// <summary>Where the package's build props copy the model, relative to the application's folder.</summary>
    public static readonly string DefaultModelPath =
        Path.Combine(AppContext.BaseDirectory, "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");

    private static readonly Lazy<ResNet18Backbone> SharedInstance = new(() => new ResNet18Backbone(DefaultModelPath));

    /// <summary>The process-wide instance, loaded on first use.</summary>
    public static ResNet18Backbone Shared => SharedInstance.Value;

    private readonly Lazy<InferenceSession> _session;
    private readonly string[] _outputNames = BackboneGraph.Taps.Select(t => BackboneGraph.OutputName(t.Block)).ToArray();

    public ResNet18Backbone(string modelPath, int? threads = null)
    {
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException(
                $"The ResNet18 model is missing at {modelPath}. It ships in the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18; rebuild the project.",
                modelPath);
        }
        _session = new Lazy<InferenceSession>(() => CreateSession(modelPath, threads));
    }

    private static InferenceSession CreateSession(string modelPath, int? threads)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads ?? Environment.ProcessorCount,
            InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        // Spinning ORT threads would steal the cores that decode the next batch; sleeping lets them run.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return new InferenceSession(BackboneGraph.BuildFeatureGraph(modelPath), options);
    }

    /// <summary>
    /// Runs <paramref name="count"/> preprocessed images (planar [3,224,224] each, back to back in <paramref name="tensors"/>)
    /// and writes each image's full feature vector (<see cref="FeatureLayout.FullLength"/> floats) into <paramref name="features"/>.
    /// </summary>
    public void Run(Memory<float> tensors, int count, Span<float> features) => Run(tensors, count, features, []);

    /// <summary>
    /// Like <see cref="Run(Memory{float}, int, Span{float})"/>, and when <paramref name="stageMaps"/> is not empty also
    /// writes each image's stage-3 map (<see cref="CapturedStageMaps.Length"/> floats) into it, from the same pass.
    /// </summary>
    public void Run(Memory<float> tensors, int count, Span<float> features, Span<float> stageMaps)
    {
        if (count == 0) return;
        var input = tensors[..(count * Preprocessing.TensorLength)];
        using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input,
            [count, 3, Preprocessing.InputSize, Preprocessing.InputSize]);
        using var runOptions = new RunOptions();
        string[] names = stageMaps.IsEmpty ? _outputNames : [.. _outputNames, CapturedStageMaps.Activation];
        using var outputs = _session.Value.Run(runOptions, [BackboneGraph.InputName], [value], names);
        if (!stageMaps.IsEmpty) outputs[^1].GetTensorDataAsSpan<float>()[..(count * CapturedStageMaps.Length)].CopyTo(stageMaps);

        int offset = 0;
        for (int o = 0; o < _outputNames.Length; o++)
        {
            int width = FeatureLayout.AllBlocks[o].Width;
            var data = outputs[o].GetTensorDataAsSpan<float>();
            for (int i = 0; i < count; i++)
            {
                data.Slice(i * width, width).CopyTo(features.Slice(i * FeatureLayout.FullLength + offset, width));
            }
            offset += width;
        }
    }

    public void Dispose()
    {
        if (_session.IsValueCreated) _session.Value.Dispose();
    }
}
