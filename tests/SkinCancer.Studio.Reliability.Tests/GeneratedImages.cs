using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SkinCancer.Studio.Reliability.Tests;

internal static class GeneratedImages
{
    /// <summary>A small JPEG whose pixels depend on <paramref name="seed"/>.</summary>
    public static byte[] Jpeg(int seed, int size = 32)
    {
        using var image = Image.Load(Png(seed, size));
        using var buffer = new MemoryStream();
        image.SaveAsJpeg(buffer);
        return buffer.ToArray();
    }

    /// <summary>A small PNG whose pixels depend on <paramref name="seed"/> (different seeds, different hashes).</summary>
    public static byte[] Png(int seed, int size = 32)
    {
        var random = new Random(seed);
        using var image = new Image<Rgb24>(size, size);
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++) image[x, y] = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
        }
        using var buffer = new MemoryStream();
        image.SaveAsPng(buffer);
        return buffer.ToArray();
    }

    /// <summary>
    /// An uncompressed 24-bit BMP of about width × height × 3 bytes, one grey with a corner pixel set by
    /// <paramref name="seed"/>: a real image of a chosen size in bytes, for the byte limits.
    /// </summary>
    public static byte[] Bmp(int seed, int width, int height)
    {
        using var image = new Image<Rgb24>(width, height, new Rgb24(128, 128, 128));
        image[0, 0] = new Rgb24((byte)seed, (byte)(seed >> 8), 7);
        using var buffer = new MemoryStream();
        image.SaveAsBmp(buffer, new SixLabors.ImageSharp.Formats.Bmp.BmpEncoder { BitsPerPixel = SixLabors.ImageSharp.Formats.Bmp.BmpBitsPerPixel.Pixel24 });
        return buffer.ToArray();
    }
}
