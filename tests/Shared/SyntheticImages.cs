using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace SkinCancer.Studio.Testing;

/// <summary>Draws test images pixel by pixel, so no test depends on files outside the repository.</summary>
internal static class SyntheticImages
{
    /// <summary>A filled disc (class "circles") or square (class "squares") of a colour on a contrasting background, with seeded noise.</summary>
    public static Image<Rgb24> Shape(bool circle, Rgb24 colour, int seed, int size = 96)
    {
        var random = new Random(seed);
        var image = new Image<Rgb24>(size, size);
        double cx = size * (0.4 + 0.2 * random.NextDouble()), cy = size * (0.4 + 0.2 * random.NextDouble());
        double radius = size * (0.2 + 0.1 * random.NextDouble());
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                bool inside = circle
                    ? (x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius
                    : Math.Abs(x - cx) <= radius && Math.Abs(y - cy) <= radius;
                int noise = random.Next(-12, 13);
                var c = inside ? colour : new Rgb24(235, 230, 220);
                image[x, y] = new Rgb24(Clamp(c.R + noise), Clamp(c.G + noise), Clamp(c.B + noise));
            }
        }
        return image;
    }

    public static Image<Rgb24> Solid(int width, int height, Rgb24 colour)
    {
        var image = new Image<Rgb24>(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++) image[x, y] = colour;
        }
        return image;
    }

    public static byte[] Jpeg(Image image)
    {
        using var stream = new MemoryStream();
        image.Save(stream, new JpegEncoder { Quality = 92 });
        return stream.ToArray();
    }

    public static byte[] Png(Image image)
    {
        using var stream = new MemoryStream();
        image.Save(stream, new PngEncoder());
        return stream.ToArray();
    }

    /// <summary>
    /// Writes a class-per-folder tree: red circles vs blue squares (easy for any backbone), <paramref name="perClass"/> each.
    /// </summary>
    public static string ShapesDataset(string root, int perClass, int seedOffset = 0)
    {
        Directory.CreateDirectory(root);
        for (int i = 0; i < perClass; i++)
        {
            Write(Path.Combine(root, "circles", $"c{i:D3}.jpg"), Shape(true, new Rgb24(200, 30, 40), seedOffset + i));
            Write(Path.Combine(root, "squares", $"s{i:D3}.png"), Shape(false, new Rgb24(30, 60, 200), seedOffset + 1000 + i));
        }
        return root;
    }

    public static void Write(string path, Image<Rgb24> image)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (image)
        {
            File.WriteAllBytes(path, path.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? Png(image) : Jpeg(image));
        }
    }

    private static byte Clamp(int v) => (byte)Math.Clamp(v, 0, 255);
}
