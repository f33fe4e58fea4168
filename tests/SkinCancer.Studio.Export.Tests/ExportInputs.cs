using System.Runtime.InteropServices;
using SkinCancer.Studio.Core.Imaging;

namespace SkinCancer.Studio.Export.Tests;

/// <summary>What the exports take: the image's 224×224 RGB values 0–255 as float32 NHWC, made the studio's way.</summary>
internal static class ExportInputs
{
    public static float[] FromFiles(IReadOnlyList<string> paths)
    {
        var values = new float[paths.Count * Preprocessing.TensorLength];
        for (int n = 0; n < paths.Count; n++)
        {
            using var image = ImageDecoding.LoadRgb(File.ReadAllBytes(paths[n]));
            using var resized = Preprocessing.ResizeToInput(image);
            var pixels = new SixLabors.ImageSharp.PixelFormats.Rgb24[Preprocessing.PixelCount];
            resized.CopyPixelDataTo(pixels);
            int offset = n * Preprocessing.TensorLength;
            for (int i = 0; i < pixels.Length; i++)
            {
                values[offset + 3 * i] = pixels[i].R;
                values[offset + 3 * i + 1] = pixels[i].G;
                values[offset + 3 * i + 2] = pixels[i].B;
            }
        }
        return values;
    }

    public static void Write(string path, ReadOnlySpan<float> values) => File.WriteAllBytes(path, MemoryMarshal.AsBytes(values).ToArray());
}
