using SixLabors.ImageSharp.PixelFormats;

namespace SkinCancer.Studio.FineTuning.Tests;

/// <summary>
/// A task that frozen pooled features solve poorly: one disc of a random colour, in the left half or the right half of
/// the picture; the class is the side. Global average pooling throws away where things are, so pooled ImageNet
/// features barely differ between the classes; a trained stage 4 can learn position (from its zero padding).
/// A mirror image changes the class, so this task trains on the image only.
/// </summary>
internal static class SideDiscs
{
    /// <summary>Writes <paramref name="perClass"/> PNGs per class; returns their paths and labels (0 = left).</summary>
    public static (string[] Paths, int[] Labels) Write(string folder, int perClass, int size = 112)
    {
        var paths = new List<string>();
        var labels = new List<int>();
        for (int i = 0; i < 2 * perClass; i++)
        {
            int label = i % 2;
            var path = Path.Combine(folder, $"{i:D3}-{label}.png");
            SyntheticImages.Write(path, Draw(left: label == 0, seed: i, size));
            paths.Add(path);
            labels.Add(label);
        }
        return ([.. paths], [.. labels]);
    }

    /// <summary>Writes a training folder with one subfolder per class ("left", "right"), as a user would drop it; returns it.</summary>
    public static string WriteClassFolders(string folder, int perClass, int size = 112)
    {
        var (paths, labels) = Write(Path.Combine(folder, ".all"), perClass, size);
        foreach (var side in new[] { "left", "right" }) Directory.CreateDirectory(Path.Combine(folder, side));
        for (int i = 0; i < paths.Length; i++) File.Move(paths[i], Path.Combine(folder, labels[i] == 0 ? "left" : "right", Path.GetFileName(paths[i])));
        Directory.Delete(Path.Combine(folder, ".all"));
        return folder;
    }

    private static SixLabors.ImageSharp.Image<Rgb24> Draw(bool left, int seed, int size)
    {
        var random = new Random(seed);
        var image = new SixLabors.ImageSharp.Image<Rgb24>(size, size);
        double radius = size * (0.1 + 0.04 * random.NextDouble());
        double cx = size * ((left ? 0.25 : 0.6) + 0.15 * random.NextDouble());
        double cy = size * (0.3 + 0.4 * random.NextDouble());
        var colour = new Rgb24((byte)random.Next(30, 220), (byte)random.Next(30, 220), (byte)random.Next(30, 220));
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                var c = Inside(x, y, cx, cy, radius) ? colour : new Rgb24(225, 220, 210);
                int noise = random.Next(-10, 11);
                image[x, y] = new Rgb24(Clamp(c.R + noise), Clamp(c.G + noise), Clamp(c.B + noise));
            }
        }
        return image;
    }

    private static bool Inside(int x, int y, double cx, double cy, double r) => (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r;

    private static byte Clamp(int v) => (byte)Math.Clamp(v, 0, 255);
}
