using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SkinCancer.Studio.Tests;

internal static class GeneratedImages
{
    /// <summary>Writes a small PNG whose pixels depend on <paramref name="seed"/> (different seeds, different hashes).</summary>
    public static string Png(string path, int seed, int size = 32)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var random = new Random(seed);
        using var image = new Image<Rgb24>(size, size);
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++) image[x, y] = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
        }
        image.SaveAsPng(path);
        return path;
    }

    /// <summary>A training folder of two classes, "a" and "b", of six generated PNGs each; their paths in order.</summary>
    public static string[] TwoClasses(string folder)
    {
        for (int i = 0; i < 6; i++)
        {
            Png(System.IO.Path.Combine(folder, "a", $"{i}.png"), i);
            Png(System.IO.Path.Combine(folder, "b", $"{i}.png"), 100 + i);
        }
        return Directory.GetFiles(folder, "*.png", SearchOption.AllDirectories).Order().ToArray();
    }
}
