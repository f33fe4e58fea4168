namespace SkinCancer.Studio.Core.Imaging;

/// <summary>
/// The studio's resize, written so that any language computes the same bytes: a triangle (bilinear) filter whose
/// support widens with the reduction, so shrinking averages every source pixel under an output pixel (no aliasing);
/// weights computed in double precision in a fixed order, rounded to 22-bit integers, applied with integer sums, rows
/// first (rounded to bytes), then columns. It is Pillow's <c>Image.resize(size, Image.BILINEAR)</c> step for step, so
/// Python gets it in one call; the web export's preprocess.js is a line-by-line copy of this file.
/// A library's own resampler (ImageSharp's, the browser's canvas, tf.image.resizeBilinear) differs in filter, rounding
/// or summation order, and those differences reached 0.09 in probability on real photos.
/// </summary>
public static class StretchResize
{
    private const int PrecisionBits = 22;

    /// <summary>Resizes packed RGB bytes (<paramref name="width"/> × <paramref name="height"/>) to <paramref name="outWidth"/> × <paramref name="outHeight"/>.</summary>
    public static byte[] Rgb(ReadOnlySpan<byte> rgb, int width, int height, int outWidth, int outHeight)
    {
        if (rgb.Length != width * height * 3) throw new ArgumentException($"expected {width * height * 3} bytes for {width}×{height} RGB, got {rgb.Length}");
        var rows = Pass(rgb, lines: height, lineLength: width, outLength: outWidth, horizontal: true);
        return Pass(rows, lines: outWidth, lineLength: height, outLength: outHeight, horizontal: false);
    }

    /// <summary>
    /// One separable pass: every line (a row when <paramref name="horizontal"/>, else a column) of
    /// <paramref name="lineLength"/> pixels becomes <paramref name="outLength"/> pixels. The result is packed RGB with
    /// rows of <c>outLength</c> (horizontal) or <c>lines</c> (vertical) pixels.
    /// </summary>
    private static byte[] Pass(ReadOnlySpan<byte> source, int lines, int lineLength, int outLength, bool horizontal)
    {
        var (starts, counts, weights, taps) = Coefficients(lineLength, outLength);
        var result = new byte[lines * outLength * 3];
        // Stride between neighbouring pixels of a line, and between lines, in the source and in the result.
        int step = horizontal ? 3 : lines * 3, lineStep = horizontal ? lineLength * 3 : 3;
        int outStep = horizontal ? 3 : lines * 3, outLineStep = horizontal ? outLength * 3 : 3;
        for (int line = 0; line < lines; line++)
        {
            for (int o = 0; o < outLength; o++)
            {
                int first = line * lineStep + starts[o] * step, k = o * taps;
                int r = 1 << (PrecisionBits - 1), g = r, b = r;
                for (int t = 0; t < counts[o]; t++)
                {
                    int w = weights[k + t], at = first + t * step;
                    r += source[at] * w;
                    g += source[at + 1] * w;
                    b += source[at + 2] * w;
                }
                int target = line * outLineStep + o * outStep;
                result[target] = Clip(r);
                result[target + 1] = Clip(g);
                result[target + 2] = Clip(b);
            }
        }
        return result;
    }

    private static byte Clip(int sum) => sum >= 1 << PrecisionBits << 8 ? (byte)255 : sum <= 0 ? (byte)0 : (byte)(sum >> PrecisionBits);

    /// <summary>For each output pixel: the first source pixel, how many it reads, and their integer weights (<paramref name="inSize"/> → <paramref name="outSize"/>).</summary>
    internal static (int[] Starts, int[] Counts, int[] Weights, int Taps) Coefficients(int inSize, int outSize)
    {
        double scale = (double)inSize / outSize;
        double filterScale = Math.Max(scale, 1.0);
        double support = filterScale;
        int taps = (int)Math.Ceiling(support) * 2 + 1;
        var starts = new int[outSize];
        var counts = new int[outSize];
        var weights = new int[outSize * taps];
        var w = new double[taps];
        for (int o = 0; o < outSize; o++)
        {
            double center = (o + 0.5) * scale;
            double ss = 1.0 / filterScale;
            // C-style truncation toward zero, then clamped to the image.
            int min = Math.Max((int)(center - support + 0.5), 0);
            int max = Math.Min((int)(center + support + 0.5), inSize) - min;
            double sum = 0.0;
            for (int x = 0; x < max; x++)
            {
                w[x] = Triangle((x + min - center + 0.5) * ss);
                sum += w[x];
            }
            for (int x = 0; x < max; x++)
            {
                double normalised = sum != 0.0 ? w[x] / sum : w[x];
                weights[o * taps + x] = (int)(normalised < 0 ? -0.5 + normalised * (1 << PrecisionBits) : 0.5 + normalised * (1 << PrecisionBits));
            }
            starts[o] = min;
            counts[o] = max;
        }
        return (starts, counts, weights, taps);
    }

    private static double Triangle(double x)
    {
        if (x < 0.0) x = -x;
        return x < 1.0 ? 1.0 - x : 0.0;
    }
}
