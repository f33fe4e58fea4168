using System.Collections.Concurrent;
using System.Numerics.Tensors;

namespace SkinCancer.Studio.Core.Features;

/// <summary>
/// Stage-3 activation maps ([256, 14, 14] per image and view) kept from the featurization pass, for fine-tuning to start
/// from: the backbone computes them on its way to the pooled features anyway, so a cold run that fine-tunes does not run
/// stages 1–3 a second time for these views (the skin set's identity views: ~45 s of 2 cores). Stored as 16-bit floats,
/// as fine-tuning stores its maps (100 KB each); fine-tuning takes the arrays over without copying them.
/// </summary>
public sealed class CapturedStageMaps(IReadOnlyCollection<int> views)
{
    /// <summary>The stage-3 activation in ResNet18.onnx: what the block3 features pool.</summary>
    public const string Activation = "ReLU347_Output_0";
    public const int Channels = 256, Size = 14, Length = Channels * Size * Size;

    private readonly ConcurrentDictionary<(string Hash, int View), Half[]> _maps = new();

    /// <summary>Whether maps of this view are kept (fine-tuning's views; others are not worth their memory).</summary>
    public bool Wants(int view) => views.Contains(view);

    public int Count => _maps.Count;

    public void Add(string hash, int view, ReadOnlySpan<float> map)
    {
        var stored = new Half[Length];
        TensorPrimitives.ConvertToHalf(map[..Length], stored);
        _maps[(hash, view)] = stored;
    }

    public Half[]? Find(string hash, int view) => _maps.GetValueOrDefault((hash, view));

    /// <summary>Drops every map (fine-tuning holds the ones it took).</summary>
    public void Clear() => _maps.Clear();
}
