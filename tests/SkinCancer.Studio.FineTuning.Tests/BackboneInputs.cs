using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Imaging;

namespace SkinCancer.Studio.FineTuning.Tests;

/// <summary>Backbone inputs for the network tests: generated images through the studio's own preprocessing.</summary>
internal static class BackboneInputs
{
    public static string ShippedModel => ResNet18Backbone.DefaultModelPath;

    /// <summary><paramref name="count"/> preprocessed [3,224,224] tensors of generated shapes, back to back.</summary>
    public static float[] Shapes(int count)
    {
        var tensors = new float[count * Preprocessing.TensorLength];
        for (int i = 0; i < count; i++)
        {
            using var image = SyntheticImages.Shape(i % 2 == 0, new SixLabors.ImageSharp.PixelFormats.Rgb24((byte)(40 + 50 * i), 90, 160), seed: i);
            using var resized = Preprocessing.ResizeToInput(image);
            Preprocessing.WriteBackboneTensor(resized, tensors.AsSpan(i * Preprocessing.TensorLength, Preprocessing.TensorLength));
        }
        return tensors;
    }

    public static float MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        float max = 0;
        for (int i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs(a[i] - b[i]));
        return max;
    }
}
