using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SkinCancer.Studio.EndToEnd;

/// <summary>Class folders of small generated images: red circles and blue squares, easy for any backbone to tell apart.</summary>
public static class ShapeImages
{
    public static string WriteDataset(string root, int perClass, int seed)
    {
        for (int i = 0; i < perClass; i++)
        {
            Save(Shape(circle: true, new Rgb24(200, 30, 40), seed + i), Path.Combine(root, "circles", $"circle-{i:D2}.png"));
            Save(Shape(circle: false, new Rgb24(30, 60, 200), seed + 500 + i), Path.Combine(root, "squares", $"square-{i:D2}.jpg"));
        }
        return root;
    }

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

    private static void Save(Image<Rgb24> image, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (image) image.Save(path);
    }

    private static byte Clamp(int v) => (byte)Math.Clamp(v, 0, 255);
}
