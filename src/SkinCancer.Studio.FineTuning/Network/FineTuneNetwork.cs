using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SkinCancer.Studio.FineTuning.Network;

/// <summary>
/// Stage-3 maps in, class logits out: the trainable <see cref="StageNetwork"/> (stage 4), the studio's pooled feature
/// blocks computed from the stage-3 maps and the stage-4 output exactly as the ONNX feature graph pools them
/// (<see cref="BackboneGraph.Taps"/>), then the frozen run's <see cref="MlpHead"/> (standardisation fixed, layers trainable).
/// </summary>
internal sealed class FineTuneNetwork : nn.Module<Tensor, Tensor>
{
    private readonly StageNetwork _stage;
    private readonly (bool Stage4, bool Max, int CenterStart, int CenterEnd)[] _blocks;
    private readonly Tensor _mean;
    private readonly Tensor _inverseStd;
    private readonly Parameter? _hiddenWeight, _hiddenBias;
    private readonly Parameter _outputWeight, _outputBias;
    private readonly double _dropout;

    public FineTuneNetwork(StageNetwork stage, MlpHead head, FeatureLayout layout, double dropout) : base("fine-tune")
    {
        _stage = stage;
        _dropout = dropout;
        _blocks = layout.Blocks.Select(Block).ToArray();
        _mean = tensor(head.Mean);
        _inverseStd = tensor(head.InverseStd);
        register_buffer("mean", _mean);
        register_buffer("inverse_std", _inverseStd);
        if (head.Hidden is { } hidden)
        {
            _hiddenWeight = new Parameter(tensor(hidden.Weights, [hidden.Outputs, hidden.Inputs]));
            _hiddenBias = new Parameter(tensor(hidden.Bias));
            register_parameter("hidden_weight", _hiddenWeight);
            register_parameter("hidden_bias", _hiddenBias);
        }
        _outputWeight = new Parameter(tensor(head.Output.Weights, [head.Output.Outputs, head.Output.Inputs]));
        _outputBias = new Parameter(tensor(head.Output.Bias));
        register_parameter("output_weight", _outputWeight);
        register_parameter("output_bias", _outputBias);
        register_module("stage", stage);
    }

    public StageNetwork Stage => _stage;

    public IEnumerable<Parameter> HeadParameters =>
        _hiddenWeight is null ? [_outputWeight, _outputBias] : [_hiddenWeight, _hiddenBias!, _outputWeight, _outputBias];

    /// <summary>Whether a layout can be computed from stage-3 maps (block2 lies before them).</summary>
    public static bool Supports(FeatureLayout layout) => layout.Blocks.All(b => Tap(b).Activation is StageOperations.Stage3Output or StageOperations.Stage4Output);

    public override Tensor forward(Tensor maps)
    {
        using var scope = NewDisposeScope();
        var x = (Features(maps) - _mean) * _inverseStd;
        if (_hiddenWeight is not null)
        {
            x = nn.functional.relu(nn.functional.linear(x, _hiddenWeight, _hiddenBias));
            x = nn.functional.dropout(x, _dropout, training);
        }
        return nn.functional.linear(x, _outputWeight, _outputBias).MoveToOuterDisposeScope();
    }

    /// <summary>The pooled feature vector of each image (the layout's blocks, before standardisation): what the head reads.</summary>
    public Tensor Features(Tensor maps)
    {
        using var scope = NewDisposeScope();
        var stage4 = _stage.forward(maps);
        var pooled = _blocks.Select(b =>
        {
            var source = b.Stage4 ? stage4 : maps;
            if (b.CenterEnd > b.CenterStart)
            {
                int width = b.CenterEnd - b.CenterStart;
                source = source.narrow(2, b.CenterStart, width).narrow(3, b.CenterStart, width);
            }
            return b.Max ? source.amax([2, 3]) : source.mean([2, 3]);
        }).ToArray();
        return cat(pooled, 1).MoveToOuterDisposeScope();
    }

    /// <summary>Copies the head's trained layers into <paramref name="head"/> (same shape as the one this was built from).</summary>
    public void CopyHeadTo(MlpHead head)
    {
        if (head.Hidden is { } hidden)
        {
            CopyTo(_hiddenWeight!, hidden.Weights);
            CopyTo(_hiddenBias!, hidden.Bias);
        }
        CopyTo(_outputWeight, head.Output.Weights);
        CopyTo(_outputBias, head.Output.Bias);
    }

    private static void CopyTo(Parameter parameter, float[] destination)
    {
        using var values = parameter.detach();
        values.data<float>().CopyTo(destination, 0);
    }

    private static (string Block, string Activation, string Pooling, int CenterStart, int CenterEnd) Tap(string block) =>
        BackboneGraph.Taps.Single(t => t.Block == block);

    private static (bool, bool, int, int) Block(string block)
    {
        var tap = Tap(block);
        if (tap.Activation is not (StageOperations.Stage3Output or StageOperations.Stage4Output))
        {
            throw new NotSupportedException($"feature block {block} comes before stage 3's maps: fine-tuning needs blocks of stages 3 and 4");
        }
        return (tap.Activation == StageOperations.Stage4Output, tap.Pooling == "GlobalMaxPool", tap.CenterStart, tap.CenterEnd);
    }
}
