using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SkinCancer.Studio.Testing;

/// <summary>
/// A two-class set where only a small object decides the class: a ring or a cross, at a random position on a
/// textured background (random colour waves and noise, so the background is busy but says nothing about the class).
/// Explanation tests know where each object is, so they can check where a heat map points.
/// </summary>
internal static class MarkedObjectImages
{
    public const int Size = 160;
    public const int ObjectSize = 40;
    private const int Stroke = 5;

    /// <summary>One image and the object's bounding box (inclusive pixel bounds).</summary>
    public static (Image<Rgb24> Image, Rectangle Box) Draw(bool ring, int seed)
    {
        var random = new Random(seed);
        int left = random.Next(4, Size - ObjectSize - 4), top = random.Next(4, Size - ObjectSize - 4);
        var waves = Enumerable.Range(0, 3).Select(_ => (fx: random.NextDouble() * 0.15, fy: random.NextDouble() * 0.15, phase: random.NextDouble() * 6.28)).ToArray();
        var tint = new[] { random.Next(120, 200), random.Next(110, 190), random.Next(100, 180) };
        var ink = new Rgb24((byte)random.Next(20, 60), (byte)random.Next(20, 60), (byte)random.Next(40, 90));
        var image = new Image<Rgb24>(Size, Size);
        double cx = left + ObjectSize / 2.0 - 0.5, cy = top + ObjectSize / 2.0 - 0.5, outer = ObjectSize / 2.0;
        for (int y = 0; y < Size; y++)
        {
            for (int x = 0; x < Size; x++)
            {
                double texture = waves.Sum(w => Math.Sin(w.fx * x + w.fy * y + w.phase)) * 18;
                int noise = random.Next(-14, 15);
                bool inObject;
                if (ring)
                {
                    double r = Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy));
                    inObject = r <= outer && r >= outer - Stroke;
                }
                else
                {
                    bool inBox = x >= left && x < left + ObjectSize && y >= top && y < top + ObjectSize;
                    inObject = inBox && (Math.Abs(x - cx) < Stroke / 2.0 + 0.5 || Math.Abs(y - cy) < Stroke / 2.0 + 0.5);
                }
                image[x, y] = inObject
                    ? new Rgb24(Clamp(ink.R + noise), Clamp(ink.G + noise), Clamp(ink.B + noise))
                    : new Rgb24(Clamp(tint[0] + texture + noise), Clamp(tint[1] + texture + noise), Clamp(tint[2] - texture + noise));
            }
        }
        return (image, new Rectangle(left, top, ObjectSize, ObjectSize));
    }

    /// <summary>Writes rings/ and crosses/ under <paramref name="root"/>, <paramref name="perClass"/> each; returns every file with its box.</summary>
    public static IReadOnlyList<(string Path, string Label, Rectangle Box)> Dataset(string root, int perClass, int seedOffset)
    {
        var files = new List<(string, string, Rectangle)>();
        for (int i = 0; i < perClass; i++)
        {
            foreach (var (label, ring) in new[] { ("rings", true), ("crosses", false) })
            {
                var (image, box) = Draw(ring, seedOffset + (ring ? 0 : 50_000) + i);
                var path = System.IO.Path.Combine(root, label, $"{label[0]}{i:D3}.png");
                SyntheticImages.Write(path, image);
                files.Add((path, label, box));
            }
        }
        return files;
    }

    private static byte Clamp(double v) => (byte)Math.Clamp(Math.Round(v), 0, 255);
}
