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

    /// <summary>The convolutions in graph order, by ONNX node name: what <see cref="OnnxWeightWriter"/> writes back.</summary>
    public IEnumerable<(string Name, Parameter Weight, Parameter Bias)> Convolutions =>
        _operations.OfType<ConvolutionOperation>().Select(c => (c.Name, _convolutions[c.Name].Weight, _convolutions[c.Name].Bias));

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var values = new Dictionary<string, Tensor> { [_input] = input };
        foreach (var operation in _operations)
        {
            values[operation.Output] = operation switch
            {
                ConvolutionOperation c => Convolve(c, values[c.Input]),
                ReluOperation r => nn.functional.relu(values[r.Input]),
                MaxPoolOperation m => nn.functional.max_pool2d(Pad(values[m.Input], m.Padding), m.Kernel, m.Stride),
                AddOperation a => values[a.InputA] + values[a.InputB],
                _ => throw new NotSupportedException(operation.GetType().Name),
            };
        }
        return values[_output].MoveToOuterDisposeScope();
    }

    private Tensor Convolve(ConvolutionOperation c, Tensor input)
    {
        var (weight, bias) = _convolutions[c.Name];
        return nn.functional.conv2d(Pad(input, c.Padding), weight, bias, strides: [c.Stride, c.Stride]);
    }

    private static Tensor Pad(Tensor input, Padding padding) =>
        padding.IsZero ? input : nn.functional.pad(input, [padding.Left, padding.Right, padding.Top, padding.Bottom]);

    private static string ParameterName(string node, string kind) => $"{node.Replace('.', '_')}_{kind}";
}
