using System.Numerics.Tensors;
using SkinCancer.Studio.Core.Features;

namespace SkinCancer.Studio.FineTuning.Maps;

/// <summary>
/// Stage-3 activation maps [256, 14, 14] of every image under each cached view: what fine-tuning stage 4 trains from,
/// so the first three stages run once per image and view instead of once per epoch. Stored as 16-bit floats (100 KB per
/// map instead of 201 KB): ReLU outputs of a few units need no more precision as training inputs, and the skin set's
/// 2,636 images × 2 views then fit in ~530 MB.
/// </summary>
internal sealed class StageMaps(int images, int views)
{
    public const int Channels = CapturedStageMaps.Channels;
    public const int Size = CapturedStageMaps.Size;
    public const int Length = CapturedStageMaps.Length;

    private readonly Half[][] _maps = new Half[images * views][];

    public int Images => images;
    public int Views => views;

    public void Set(int image, int view, ReadOnlySpan<float> map)
    {
        var stored = new Half[Length];
        TensorPrimitives.ConvertToHalf(map[..Length], stored);
        _maps[image * views + view] = stored;
    }

    /// <summary>Takes over a map already stored as 16-bit floats (<see cref="Core.Features.CapturedStageMaps"/>), without copying it.</summary>
    public void Set(int image, int view, Half[] stored)
    {
        if (stored.Length != Length) throw new ArgumentException($"a stage-3 map has {Length} values, not {stored.Length}", nameof(stored));
        _maps[image * views + view] = stored;
    }

    public void CopyTo(int image, int view, Span<float> destination) =>
        TensorPrimitives.ConvertToSingle(_maps[image * views + view], destination[..Length]);
}
