using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SkinCancer.Studio.Export.Tests;

/// <summary>
/// Three classes of 224×224 PNGs drawn pixel by pixel: a large disc, square or band of stripes over a busy background
/// of random blotches and noise. Already at the input size and lossless, so the studio and the exports see exactly the
/// same pixels. The busy background matters: on flat synthetic images many backbone channels are never active in
/// training, the head standardises them by 1/√1e-6, and float rounding differences between runtimes get amplified.
/// </summary>
internal static class ShapeImages
{
    public static readonly string[] Classes = ["discs", "squares", "stripes"];

    public static Image<Rgb24> Draw(int classIndex, int seed)
    {
        const int size = 224;
        var random = new Random(seed);
        var pixels = new Rgb24[size * size];
        Fill(pixels, size, (_, _) => true, RandomColour(random, 120, 256));
        for (int b = 0; b < 40; b++)
        {
            double bx = random.NextDouble() * size, by = random.NextDouble() * size, br = 3 + random.NextDouble() * 30;
            Fill(pixels, size, (x, y) => (x - bx) * (x - bx) + (y - by) * (y - by) <= br * br, RandomColour(random, 0, 256));
        }

        double cx = size * (0.35 + 0.3 * random.NextDouble()), cy = size * (0.35 + 0.3 * random.NextDouble());
        double radius = size * (0.18 + 0.12 * random.NextDouble());
        int period = random.Next(12, 30);
        Fill(pixels, size, classIndex switch
        {
            0 => (x, y) => (x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius,
            1 => (x, y) => Math.Abs(x - cx) <= radius && Math.Abs(y - cy) <= radius,
            _ => (x, y) => Math.Abs(y - cy) <= radius && (x + y) / period % 2 == 0,
        }, RandomColour(random, 20, 240));

        var image = new Image<Rgb24>(size, size);
        for (int i = 0; i < pixels.Length; i++)
        {
            int noise = random.Next(-25, 26);
            var p = pixels[i];
            image[i % size, i / size] = new Rgb24(Clamp(p.R + noise), Clamp(p.G + noise), Clamp(p.B + noise));
        }
        return image;
    }

    /// <summary>Writes <paramref name="perClass"/> images of each class into class folders; returns the paths written.</summary>
    public static IReadOnlyList<string> WriteDataset(string root, int perClass, int seedOffset)
    {
        var paths = new List<string>();
        for (int c = 0; c < Classes.Length; c++)
        {
            var folder = Path.Combine(root, Classes[c]);
            Directory.CreateDirectory(folder);
            for (int i = 0; i < perClass; i++)
            {
                var path = Path.Combine(folder, $"{Classes[c]}{i:D3}.png");
                using var image = Draw(c, seedOffset + 1000 * c + i);
                image.SaveAsPng(path);
                paths.Add(path);
            }
        }
        return paths;
    }

    private static void Fill(Rgb24[] pixels, int size, Func<int, int, bool> inside, Rgb24 colour)
    {
        for (int y = 0; y < size; y++)
        for (int x = 0; x < size; x++)
        {
            if (inside(x, y)) pixels[y * size + x] = colour;
        }
    }

    private static Rgb24 RandomColour(Random random, int min, int max) =>
        new((byte)random.Next(min, max), (byte)random.Next(min, max), (byte)random.Next(min, max));

    private static byte Clamp(int v) => (byte)Math.Clamp(v, 0, 255);
}
