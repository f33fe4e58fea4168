using SkinCancer.Studio.Core.Features;

namespace SkinCancer.Studio.Core.Explanations;

/// <summary>
/// The pooling of one <see cref="BackboneGraph.Taps"/> entry, done in C# on a stage's maps ([C, H, W] of one image):
/// forward exactly as the feature graph does it, and backward (a pooled value's gradient spread over the cells it came from).
/// </summary>
internal static class TapPooling
{
    public static void Pool((string Block, string Activation, string Pooling, int CenterStart, int CenterEnd) tap, StageShape stage,
        ReadOnlySpan<float> maps, Span<float> pooled)
    {
        var (y0, y1) = Region(tap, stage);
        bool max = tap.Pooling == "GlobalMaxPool";
        for (int c = 0; c < stage.Channels; c++)
        {
            var map = maps.Slice(c * stage.Cells, stage.Cells);
            float sum = 0, best = float.NegativeInfinity;
            for (int y = y0; y < y1; y++)
            {
                for (int x = y0; x < y1; x++)
                {
                    float v = map[y * stage.Size + x];
                    sum += v;
                    if (v > best) best = v;
                }
            }
            pooled[c] = max ? best : sum / ((y1 - y0) * (y1 - y0));
        }
    }

    /// <summary>Adds d(score)/d(cell) for every cell of every channel, given d(score)/d(pooled value).</summary>
    public static void AddGradient((string Block, string Activation, string Pooling, int CenterStart, int CenterEnd) tap, StageShape stage,
        ReadOnlySpan<float> maps, ReadOnlySpan<float> pooledGradient, Span<float> mapGradient)
    {
        var (y0, y1) = Region(tap, stage);
        bool max = tap.Pooling == "GlobalMaxPool";
        float share = 1f / ((y1 - y0) * (y1 - y0));
        for (int c = 0; c < stage.Channels; c++)
        {
            float g = pooledGradient[c];
            if (g == 0) continue;
            var map = maps.Slice(c * stage.Cells, stage.Cells);
            var gradient = mapGradient.Slice(c * stage.Cells, stage.Cells);
            if (max)
            {
                // The first maximum, as a max reduction keeps it: all the gradient goes to that one cell.
                gradient[map.IndexOf(System.Numerics.Tensors.TensorPrimitives.Max(map))] += g;
                continue;
            }
            for (int y = y0; y < y1; y++)
            {
                for (int x = y0; x < y1; x++) gradient[y * stage.Size + x] += g * share;
            }
        }
    }

    /// <summary>The pooled square: the whole map, or the centre rows/columns the feature graph slices.</summary>
    private static (int Start, int End) Region((string Block, string Activation, string Pooling, int CenterStart, int CenterEnd) tap, StageShape stage) =>
        tap.CenterEnd > tap.CenterStart ? (tap.CenterStart, tap.CenterEnd) : (0, stage.Size);
}
