using System.Numerics.Tensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace SkinCancer.Studio.Core.Imaging;

/// <summary>
/// A 16×16 grey thumbnail (box-averaged, so sensor noise and JPEG artefacts wash out), normalised to zero mean and unit
/// length. Two images are near-duplicates when their thumbnails correlate almost perfectly: resizing and re-encoding
/// keep the correlation above 0.99, while different photographs — even of similar subjects — fall below it.
/// Stored as 256 floats beside the features.
/// </summary>
public static class ImageFingerprint
{
    public const int Side = 16;
    public const int Length = Side * Side;

    /// <summary>Correlation at or above which two images count as near-duplicates.</summary>
    public const float NearDuplicateCorrelation = 0.985f;

    public static float[] Compute(Image<Rgb24> image)
    {
        using var small = image.CloneAs<L8>();
        small.Mutate(x => x.Resize(new ResizeOptions { Size = new Size(Side, Side), Mode = ResizeMode.Stretch, Sampler = KnownResamplers.Box }));
        var values = new float[Length];
        for (int y = 0; y < Side; y++)
        {
            for (int x = 0; x < Side; x++) values[y * Side + x] = small[x, y].PackedValue;
        }
        float mean = TensorPrimitives.Average(values);
        TensorPrimitives.Subtract(values, mean, values);
        float norm = TensorPrimitives.Norm(values);
        // A flat image has no structure to compare; it stays all zeros and never matches anything.
        if (norm > 1e-3f) TensorPrimitives.Divide(values, norm, values);
        return values;
    }

    public static float Correlation(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.Dot(a, b);
}
