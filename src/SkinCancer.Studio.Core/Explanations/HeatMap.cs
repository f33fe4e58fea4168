using SkinCancer.Studio.Core.Imaging;

namespace SkinCancer.Studio.Core.Explanations;

/// <summary>
/// Where the model looked for one class: a grid over the image (row-major, the image's top-left first; the image
/// stretched to the grid, as the model saw it stretched to a square), values 0–1 with 1 the hottest cell; all zeros
/// when nothing in the image speaks for the class.
/// </summary>
public sealed record HeatMap(int Width, int Height, float[] Values)
{
    /// <summary>
    /// The heat map of a class from its signed per-stage maps (on one grid, views already averaged): each stage's map
    /// loses its negative part (evidence against the class) and is scaled to its own peak, then the stages are averaged.
    /// </summary>
    /// <remarks>
    /// Averaging stage maps scaled to their peaks, rather than adding them by their share of the score, keeps stage 3's
    /// finer map from being drowned by stage 4's coarser one. On the ring-vs-cross test (60 held-out images) the peak
    /// fell on the object in 85 % of images this way, 80 % by score share, 82 % with stage 3 alone and 58 % with stage 4 alone.
    /// </remarks>
    public static HeatMap FromStages(int size, IReadOnlyList<float[]> signedStages)
    {
        var values = new float[size * size];
        foreach (var stage in signedStages)
        {
            float max = stage.Max();
            if (max <= 0) continue;
            for (int i = 0; i < values.Length; i++) values[i] += Math.Max(stage[i], 0f) / max;
        }
        float peak = values.Max();
        if (peak > 0) for (int i = 0; i < values.Length; i++) values[i] /= peak;
        return new HeatMap(size, size, values);
    }

    /// <summary>
    /// The heat at every pixel of a <paramref name="width"/>×<paramref name="height"/> picture of the image, bilinear
    /// between cell centres.
    /// </summary>
    public float[] Upsample(int width, int height)
    {
        var result = new float[width * height];
        for (int y = 0; y < height; y++)
        {
            float gy = (y + 0.5f) * Height / height - 0.5f;
            for (int x = 0; x < width; x++)
            {
                result[y * width + x] = Bilinear(Values, Width, (x + 0.5f) * Width / width - 0.5f, gy);
            }
        }
        return result;
    }

    /// <summary>A square grid's value at fractional cell coordinates, clamped at the edges.</summary>
    internal static float Bilinear(float[] grid, int size, float gx, float gy)
    {
        gx = Math.Clamp(gx, 0, size - 1);
        gy = Math.Clamp(gy, 0, size - 1);
        int x0 = (int)gx, y0 = (int)gy, x1 = Math.Min(x0 + 1, size - 1), y1 = Math.Min(y0 + 1, size - 1);
        float fx = gx - x0, fy = gy - y0;
        float top = grid[y0 * size + x0] * (1 - fx) + grid[y0 * size + x1] * fx;
        float bottom = grid[y1 * size + x0] * (1 - fx) + grid[y1 * size + x1] * fx;
        return top * (1 - fy) + bottom * fy;
    }
}
