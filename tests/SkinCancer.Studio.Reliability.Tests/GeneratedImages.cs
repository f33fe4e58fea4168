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
}
