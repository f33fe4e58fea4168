using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SkinCancer.Studio.FineTuning.Training;

/// <summary>
/// An exponential moving average of a network's weights, updated after every step (Polyak averaging). With the learning
/// rate held after the warm-up, single steps jitter around a minimum; their average sits nearer its centre. Batch
/// normalisation is folded into the convolutions, so the averaged weights need no statistics recomputed.
/// </summary>
internal sealed class WeightAverage : IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _average;
    private readonly double _decay;

    public WeightAverage(nn.Module network, int windowSteps)
    {
        _parameters = network.parameters().ToArray();
        _decay = 1 - 1.0 / Math.Max(1, windowSteps);
        _average = _parameters.Select(p =>
        {
            using var detached = p.detach();
            return detached.clone();
        }).ToArray();
    }

    public void Update()
    {
        using var _ = no_grad();
        for (int i = 0; i < _parameters.Length; i++) _average[i].mul_(_decay).add_(_parameters[i], alpha: 1 - _decay);
    }

    /// <summary>Exchanges the network's weights and the average: call it twice to get the training weights back.</summary>
    public void Swap()
    {
        using var _ = no_grad();
        for (int i = 0; i < _parameters.Length; i++)
        {
            using var live = _parameters[i].detach().clone();
            _parameters[i].copy_(_average[i]);
            _average[i].copy_(live);
        }
    }

    public void Dispose()
    {
        foreach (var tensor in _average) tensor.Dispose();
    }
}
