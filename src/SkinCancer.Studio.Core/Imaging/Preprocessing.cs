using System.Buffers;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace SkinCancer.Studio.Core.Imaging;

/// <summary>
/// The one preprocessing used by training, prediction and every export.
/// The public contract (what an exported model takes) is: RGB, 224×224 (stretched by <see cref="StretchResize"/>), float 0–255, NHWC.
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

    /// <summary>Bump when anything below changes: it is part of the feature-cache key and of every model's metadata.</summary>
    public const string Id = "rgb224-stretch-triangle22-bgr-meansub-v3";

    /// <summary>
    /// Ids of older preprocessings whose models still load. v1 resized with ImageSharp's bilinear resampler and decoded
    /// JPEG with ImageSharp; a v1 model is now fed v2 inputs (its metadata keeps saying v1, and exports say both). Both
    /// resizes average the whole source footprint, so its probabilities move little: by up to 0.023 on resized photos
    /// (measured on a model trained on 60 flower photos), and exports of it match the studio exactly as a v2 model's do.
    /// v2 decoded JPEG with LibJpeg.NET's own chroma upsampling and YCbCr conversion (libjpeg 9's), v3 with libjpeg-turbo's
    /// (<see cref="LibjpegDecoding"/>): JPEG inputs moved by a level here and there on full-resolution chroma and by more
    /// on subsampled chroma, which moved probabilities by up to 1.9e-3 on real photos; a v2 model is fed v3 inputs.
    /// </summary>
    public static readonly IReadOnlySet<string> CompatibleIds = new HashSet<string>(StringComparer.Ordinal)
    {
        Id, "rgb224-stretch-triangle22-bgr-meansub-v2", "rgb224-stretch-bilinear-bgr-meansub-v1",
    };

    public const string ResizeRule =
        "JPEG decoded as libjpeg-turbo decodes it (browsers, Pillow: accurate integer IDCT, fancy chroma upsampling); " +
        "EXIF orientation applied; first frame; no colour management (the file's pixel values as they are); transparency composited over black; " +
        "then stretched to 224x224 (aspect ratio not kept) with a triangle filter whose support widens with the reduction, in 22-bit fixed point, " +
        "rows then columns, each rounded to bytes: exactly Pillow's Image.resize((224, 224), Image.BILINEAR). " +
        "preprocess.js (toInput) does all of it in the browser";

    /// <summary>Resizes a decoded image to the network input size (a new image; the source is left as it is).</summary>
    public static Image<Rgb24> ResizeToInput(Image<Rgb24> image)
    {
        if (image.Width == InputSize && image.Height == InputSize) return image.Clone();
        var pixels = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(pixels);
        var resized = StretchResize.Rgb(pixels, image.Width, image.Height, InputSize, InputSize);
        return Image.LoadPixelData<Rgb24>(ImageDecoding.Configuration, resized, InputSize, InputSize);
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
