using System.Buffers;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace SkinCancer.Studio.Core.Imaging;

/// <summary>
/// The one preprocessing used by training, prediction and every export.
/// The public contract (what an exported model takes) is: RGB, 224×224 (stretched, bilinear), float 0–255, NHWC.
/// Inside the network the values become the ResNet18 input: planar BGR minus the per-channel ImageNet means of
/// ResNetPreprocess.onnx's mean image.
/// </summary>
public static class Preprocessing
{
    public const int InputSize = 224;
    public const int PixelCount = InputSize * InputSize;
    public const int TensorLength = 3 * PixelCount;

    /// <summary>Channel means in B, G, R order: the averages of the MeanImage held by ResNetPreprocess.onnx.</summary>
    public static readonly float[] MeanBgr = [103.062624f, 115.902882f, 123.151631f];

    /// <summary>Bump when anything below changes: it is part of the feature-cache key.</summary>
    public const string Id = "rgb224-stretch-bilinear-bgr-meansub-v1";

    public const string ResizeRule = "stretch to 224x224 (aspect ratio not kept), bilinear; EXIF orientation applied; first frame; transparency over black";

    /// <summary>Resizes a decoded image to the network input size (a new image; the source is left as it is).</summary>
    public static Image<Rgb24> ResizeToInput(Image<Rgb24> image)
    {
        if (image.Width == InputSize && image.Height == InputSize) return image.Clone();
        return image.Clone(x => x.Resize(new ResizeOptions
        {
            Size = new Size(InputSize, InputSize),
            Mode = ResizeMode.Stretch,
            Sampler = KnownResamplers.Triangle,
        }));
    }

    /// <summary>Writes the backbone tensor (planar BGR minus means, [3,224,224]) of a 224×224 image into <paramref name="destination"/>.</summary>
    public static void WriteBackboneTensor(Image<Rgb24> image224, Span<float> destination)
    {
        if (image224.Width != InputSize || image224.Height != InputSize)
        {
            throw new ArgumentException($"expected a {InputSize}×{InputSize} image, got {image224.Width}×{image224.Height}");
        }
        if (destination.Length < TensorLength) throw new ArgumentException("destination is too small");

        var b = destination[..PixelCount];
        var g = destination.Slice(PixelCount, PixelCount);
        var r = destination.Slice(2 * PixelCount, PixelCount);
        float mb = MeanBgr[0], mg = MeanBgr[1], mr = MeanBgr[2];
        var pixels = ArrayPool<Rgb24>.Shared.Rent(PixelCount);
        try
        {
            image224.CopyPixelDataTo(pixels.AsSpan(0, PixelCount));
            for (int i = 0; i < PixelCount; i++)
            {
                var p = pixels[i];
                b[i] = p.B - mb;
                g[i] = p.G - mg;
                r[i] = p.R - mr;
            }
        }
        finally
        {
            ArrayPool<Rgb24>.Shared.Return(pixels);
        }
    }

    /// <summary>Decode, normalise, resize and write the tensor: the whole path from file bytes to backbone input.</summary>
    public static void BytesToBackboneTensor(ReadOnlySpan<byte> bytes, Span<float> destination)
    {
        using var image = ImageDecoding.LoadRgb(bytes);
        using var resized = ResizeToInput(image);
        WriteBackboneTensor(resized, destination);
    }
}
