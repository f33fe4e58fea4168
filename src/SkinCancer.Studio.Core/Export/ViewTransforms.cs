using SkinCancer.Studio.Core.Imaging;

namespace SkinCancer.Studio.Core.Export;

/// <summary>An exact pixel rearrangement of a square image tensor: swap rows and columns, or reverse one of them.</summary>
public enum PixelTransform
{
    Transpose,
    FlipWidth,
    FlipHeight,
}

/// <summary>
/// The test-time views of <see cref="ImageViews"/> (ImageSharp's rotate-then-flip) as sequences of tensor transforms,
/// applied first to last, so an export can average over the same views the studio does.
/// </summary>
public static class ViewTransforms
{
    public static IReadOnlyList<PixelTransform> For(int view) => ImageViews.All[view].Name switch
    {
        "identity" => [],
        "flip-horizontal" => [PixelTransform.FlipWidth],
        "rotate-90" => [PixelTransform.Transpose, PixelTransform.FlipWidth],
        "rotate-180" => [PixelTransform.FlipWidth, PixelTransform.FlipHeight],
        "rotate-270" => [PixelTransform.Transpose, PixelTransform.FlipHeight],
        "flip-vertical" => [PixelTransform.FlipHeight],
        "transpose" => [PixelTransform.Transpose],
        "anti-transpose" => [PixelTransform.Transpose, PixelTransform.FlipHeight, PixelTransform.FlipWidth],
        var name => throw new ArgumentOutOfRangeException(nameof(view), $"no export transform for view '{name}'"),
    };

    /// <summary>Applies a view to an HWC tensor of a square image (the reference the exporters' graphs must match).</summary>
    public static float[] Apply(int view, float[] hwc, int size, int channels)
    {
        var current = hwc;
        foreach (var transform in For(view))
        {
            var next = new float[current.Length];
            for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                var (sy, sx) = transform switch
                {
                    PixelTransform.Transpose => (x, y),
                    PixelTransform.FlipWidth => (y, size - 1 - x),
                    _ => (size - 1 - y, x),
                };
                Array.Copy(current, (sy * size + sx) * channels, next, (y * size + x) * channels, channels);
            }
            current = next;
        }
        return current;
    }
}
