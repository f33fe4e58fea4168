namespace SkinCancer.Studio.Core.Imaging;

/// <summary>One decoded JPEG component at its stored (possibly subsampled) resolution, rows of at least <see cref="Width"/> samples.</summary>
/// <param name="HorizontalFactor">How many output pixels one sample covers across (max_h_samp_factor / h_samp_factor).</param>
/// <param name="VerticalFactor">How many output rows one sample row covers (max_v_samp_factor / v_samp_factor).</param>
public sealed record ComponentPlane(byte[][] Rows, int Width, int Height, int HorizontalFactor, int VerticalFactor);

/// <summary>
/// Brings a subsampled chroma plane to full resolution exactly as libjpeg-turbo 2.1 does by default (jdsample.c:
/// h2v1_fancy_upsample, h1v2_fancy_upsample, h2v2_fancy_upsample, and plain replication for other factors; its SIMD
/// versions give the same bytes), which is what Chromium and Pillow show. IJG libjpeg 7+ and its C# port LibJpeg.NET
/// instead decode such chroma with a larger IDCT, which differed by up to 60 levels on real photos.
/// "Fancy" is a triangle filter: each output sample is 3/4 of the nearer stored sample and 1/4 of the next one, in each
/// subsampled direction, with libjpeg-turbo's alternating rounding biases. Beyond the image edges the edge sample repeats
/// (jdmainct.c's context rows).
/// </summary>
public static class ChromaUpsampling
{
    /// <summary>Output row <paramref name="y"/> of <paramref name="plane"/> at full resolution: the stored row itself, or <paramref name="scratch"/> filled.</summary>
    public static ReadOnlySpan<byte> Row(ComponentPlane plane, int y, byte[] scratch)
    {
        int width = plane.Width;
        switch (plane.HorizontalFactor, plane.VerticalFactor)
        {
            case (1, 1):
                return plane.Rows[y];
            case (2, 1) when width > 2:
                H2V1(plane.Rows[y], width, scratch);
                return scratch;
            case (1, 2):
            {
                var (nearer, further, bias) = VerticalNeighbours(plane, y);
                for (int x = 0; x < width; x++) scratch[x] = (byte)((nearer[x] * 3 + further[x] + bias) >> 2);
                return scratch;
            }
            case (2, 2) when width > 2:
            {
                var (nearer, further, _) = VerticalNeighbours(plane, y);
                H2V2(nearer, further, width, scratch);
                return scratch;
            }
            default:
                Replicate(plane.Rows[y / plane.VerticalFactor], width, plane.HorizontalFactor, scratch);
                return scratch;
        }
    }

    /// <summary>
    /// For a row upsampled 2× vertically: the stored row it lies in, the stored row on its side (above for even output
    /// rows, below for odd), and h1v2's rounding bias for that side.
    /// </summary>
    private static (byte[] Nearer, byte[] Further, int Bias) VerticalNeighbours(ComponentPlane plane, int y)
    {
        int row = y >> 1;
        bool above = (y & 1) == 0;
        int other = Math.Clamp(above ? row - 1 : row + 1, 0, plane.Height - 1);
        return (plane.Rows[row], plane.Rows[other], above ? 1 : 2);
    }

    private static void H2V1(byte[] input, int width, byte[] output)
    {
        output[0] = input[0];
        output[1] = (byte)((input[0] * 3 + input[1] + 2) >> 2);
        for (int x = 1; x < width - 1; x++)
        {
            int value = input[x] * 3;
            output[2 * x] = (byte)((value + input[x - 1] + 1) >> 2);
            output[2 * x + 1] = (byte)((value + input[x + 1] + 2) >> 2);
        }
        int last = width - 1;
        output[2 * last] = (byte)((input[last] * 3 + input[last - 1] + 1) >> 2);
        output[2 * last + 1] = input[last];
    }

    private static void H2V2(byte[] nearer, byte[] further, int width, byte[] output)
    {
        int previous = nearer[0] * 3 + further[0], current = previous, next = nearer[1] * 3 + further[1];
        output[0] = (byte)((current * 4 + 8) >> 4);
        output[1] = (byte)((current * 3 + next + 7) >> 4);
        for (int x = 1; x < width - 1; x++)
        {
            previous = current;
            current = next;
            next = nearer[x + 1] * 3 + further[x + 1];
            output[2 * x] = (byte)((current * 3 + previous + 8) >> 4);
            output[2 * x + 1] = (byte)((current * 3 + next + 7) >> 4);
        }
        int last = width - 1;
        output[2 * last] = (byte)((next * 3 + current + 8) >> 4);
        output[2 * last + 1] = (byte)((next * 4 + 7) >> 4);
    }

    private static void Replicate(byte[] input, int width, int factor, byte[] output)
    {
        for (int x = 0, o = 0; x < width; x++)
        {
            for (int k = 0; k < factor; k++) output[o++] = input[x];
        }
    }
}
