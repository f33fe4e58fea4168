using SixLabors.ImageSharp.PixelFormats;

namespace SkinCancer.Studio.Core.Imaging;

/// <summary>
/// JPEG's YCbCr to RGB exactly as libjpeg-turbo 2.1 computes it (jdcolor.c, build_ycc_rgb_table and ycc_rgb_convert):
/// 16-bit fixed-point tables, with green's coefficients rounded from 0.71414 and 0.34414. IJG libjpeg 9, and so
/// LibJpeg.NET, uses 0.714136286 and 0.344136286, whose fixed-point Cb factor is one unit smaller: green came out one
/// level apart on about one pixel in 4,000 of real photos.
/// </summary>
public static class YccToRgb
{
    private const int ScaleBits = 16;
    private const int OneHalf = 1 << (ScaleBits - 1);

    private static readonly int[] CrToR = new int[256], CbToB = new int[256], CrToG = new int[256], CbToG = new int[256];

    static YccToRgb()
    {
        for (int i = 0; i < 256; i++)
        {
            int x = i - 128;
            CrToR[i] = (Fix(1.40200) * x + OneHalf) >> ScaleBits;
            CbToB[i] = (Fix(1.77200) * x + OneHalf) >> ScaleBits;
            CrToG[i] = -Fix(0.71414) * x;
            CbToG[i] = -Fix(0.34414) * x + OneHalf;
        }
    }

    public static void Convert(ReadOnlySpan<byte> y, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<Rgba32> output)
    {
        for (int x = 0; x < output.Length; x++)
        {
            int luma = y[x], blue = cb[x], red = cr[x];
            output[x] = new Rgba32(
                Clamp(luma + CrToR[red]),
                Clamp(luma + ((CbToG[blue] + CrToG[red]) >> ScaleBits)),
                Clamp(luma + CbToB[blue]),
                255);
        }
    }

    private static int Fix(double value) => (int)(value * (1 << ScaleBits) + 0.5);

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);
}
