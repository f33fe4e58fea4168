using System.Collections.Concurrent;
using SixLabors.ImageSharp.PixelFormats;
using SkinCancer.Studio.Core.Imaging;

namespace SkinCancer.Studio.Core.Explanations;

/// <summary>
/// Maps a grid computed on a flipped or rotated view back onto the image as it is. The mapping is found by applying
/// the very transform the views use (<see cref="ImageViews.Apply"/>) to a small image whose pixels hold their own index,
/// so it cannot disagree with how the views were made.
/// </summary>
internal static class GridViews
{
    private static readonly ConcurrentDictionary<(int View, int Size), int[]> Sources = new();

    /// <summary>Adds <paramref name="viewGrid"/> (in the view's orientation) to <paramref name="imageGrid"/> (the image's orientation).</summary>
    public static void AddUnviewed(int view, int size, ReadOnlySpan<float> viewGrid, Span<float> imageGrid)
    {
        var source = Sources.GetOrAdd((view, size), key => SourceIndices(key.View, key.Size));
        for (int i = 0; i < source.Length; i++) imageGrid[source[i]] += viewGrid[i];
    }

    private static int[] SourceIndices(int view, int size)
    {
        using var indices = new SixLabors.ImageSharp.Image<Rgb24>(size, size);
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                int i = y * size + x;
                indices[x, y] = new Rgb24((byte)(i & 255), (byte)(i >> 8), 0);
            }
        }
        using var viewed = ImageViews.Apply(indices, view);
        var result = new int[size * size];
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                var p = viewed[x, y];
                result[y * size + x] = p.R | (p.G << 8);
            }
        }
        return result;
    }
}
