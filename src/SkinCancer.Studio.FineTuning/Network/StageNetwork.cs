using SkinCancer.Studio.Core.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Padding = SkinCancer.Studio.Core.Export.Padding;

namespace SkinCancer.Studio.FineTuning.Network;

/// <summary>
/// A trainable TorchSharp copy of a cut of the backbone (e.g. stage 4), built from ResNet18.onnx's own weights.
/// Each convolution carries its BatchNormalization folded in (frozen statistics, the affine part trained as the
/// convolution's bias): at fine-tuning's small batches live BatchNorm statistics would be noisier than ImageNet's, and
/// a folded network writes back into the ONNX graph exactly (<see cref="OnnxWeightWriter"/>).
/// CNTK's asymmetric padding is applied explicitly before each convolution, as the ONNX graph does.
/// </summary>
internal sealed class StageNetwork : nn.Module<Tensor, Tensor>
{
    private readonly IReadOnlyList<BackboneOperation> _operations;
    private readonly string _input;
    private readonly string _output;
    private readonly Dictionary<string, (Parameter Weight, Parameter Bias)> _convolutions = [];

    public StageNetwork(IReadOnlyList<BackboneOperation> operations, string input, string output) : base("stage")
    {
        _operations = operations;
        _input = input;
        _output = output;
        foreach (var c in operations.OfType<ConvolutionOperation>())
        {
            var weight = new Parameter(tensor(c.KernelOihw, [c.Filters, c.InputChannels, c.Kernel, c.Kernel]));
            var bias = new Parameter(tensor(c.Bias, [c.Filters]));
            register_parameter(ParameterName(c.Name, "weight"), weight);
            register_parameter(ParameterName(c.Name, "bias"), bias);
            _convolutions[c.Name] = (weight, bias);
        }
    }

    public static StageNetwork Stage4(string resNet18Path) =>
        new(StageOperations.Between(resNet18Path, StageOperations.Stage3Output, StageOperations.Stage4Output),
            StageOperations.Stage3Output, StageOperations.Stage4Output);

    /// <summary>
    /// Training passes compute in bfloat16 (mixed precision): activations and each convolution's weights are cast down,
    /// the gradients flow back through the casts into the 32-bit weights the optimiser updates. Evaluation stays in 32 bits,
    /// so validation and the kept network are what ONNX Runtime computes.
    /// </summary>
    public bool BFloat16Training { get; set; }

    /// <summary>The convolutions in graph order, by ONNX node name: what <see cref="OnnxWeightWriter"/> writes back.</summary>
    public IEnumerable<(string Name, Parameter Weight, Parameter Bias)> Convolutions =>
        _operations.OfType<ConvolutionOperation>().Select(c => (c.Name, _convolutions[c.Name].Weight, _convolutions[c.Name].Bias));

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        bool half = BFloat16Training && training;
        var values = new Dictionary<string, Tensor> { [_input] = half ? input.to_type(ScalarType.BFloat16) : input };
        foreach (var operation in _operations)
        {
            values[operation.Output] = operation switch
            {
                ConvolutionOperation c => Convolve(c, values[c.Input], half),
                ReluOperation r => nn.functional.relu(values[r.Input]),
                MaxPoolOperation m => nn.functional.max_pool2d(Pad(values[m.Input], m.Padding), m.Kernel, m.Stride),
                AddOperation a => values[a.InputA] + values[a.InputB],
                _ => throw new NotSupportedException(operation.GetType().Name),
            };
        }
        return (half ? values[_output].to_type(ScalarType.Float32) : values[_output]).MoveToOuterDisposeScope();
    }

    private Tensor Convolve(ConvolutionOperation c, Tensor input, bool half)
    {
        var (weight, bias) = _convolutions[c.Name];
        return half
            ? nn.functional.conv2d(Pad(input, c.Padding), weight.to_type(ScalarType.BFloat16), bias.to_type(ScalarType.BFloat16), strides: [c.Stride, c.Stride])
            : nn.functional.conv2d(Pad(input, c.Padding), weight, bias, strides: [c.Stride, c.Stride]);
    }

    private static Tensor Pad(Tensor input, Padding padding) =>
        padding.IsZero ? input : nn.functional.pad(input, [padding.Left, padding.Right, padding.Top, padding.Bottom]);

    private static string ParameterName(string node, string kind) => $"{node.Replace('.', '_')}_{kind}";
}
