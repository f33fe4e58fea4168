using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace SkinCancer.Studio.Core.Imaging;

/// <summary>
/// Turns any accepted image into upright RGB pixels the same way everywhere: JPEG decoded as libjpeg-turbo does (as
/// browsers and Pillow do), first frame only, EXIF orientation applied
/// (as browsers do for &lt;img&gt;), grayscale/CMYK/16-bit converted, and transparency flattened onto black (what
/// tf.browser.fromPixels reads for fully transparent pixels).
/// </summary>
public static class ImageDecoding
{
    /// <summary>
    /// Decoders that read only the first frame of animations, and a small pooled allocator: the default pool keeps
    /// hundreds of MB of buffers alive, which the memory target cannot afford.
    /// </summary>
    public static readonly SixLabors.ImageSharp.Configuration Configuration = CreateConfiguration();

    private static SixLabors.ImageSharp.Configuration CreateConfiguration()
    {
        var configuration = SixLabors.ImageSharp.Configuration.Default.Clone();
        configuration.MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { MaximumPoolSizeMegabytes = 32 });
        configuration.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First });
        configuration.ImageFormatsManager.SetDecoder(TiffFormat.Instance, new TiffDecoder { DecodingMode = FrameDecodingMode.First });
        return configuration;
    }

    /// <summary>Decodes and normalises an image; throws <see cref="ImageDecodeException"/> with a user-readable reason.</summary>
    public static Image<Rgb24> LoadRgb(ReadOnlySpan<byte> bytes)
    {
        Image<Rgba32> rgba;
        try
        {
            // JPEG pixels as libjpeg-turbo decodes them; everything else, and the metadata, read by ImageSharp.
            rgba = LibjpegDecoding.TryDecode(bytes.ToArray(), Configuration) ?? Image.Load<Rgba32>(Configuration, bytes);
        }
        catch (Exception e) when (e is ImageFormatException or UnknownImageFormatException or NotSupportedException
                                      or InvalidOperationException or ArgumentException or IndexOutOfRangeException
                                      or OverflowException or InvalidMemoryOperationException)
        {
            throw new ImageDecodeException($"cannot be decoded: {e.Message}", e);
        }

        using (rgba)
        {
            rgba.Mutate(x => x.AutoOrient());
            return FlattenOntoBlack(rgba);
        }
    }

    private static Image<Rgb24> FlattenOntoBlack(Image<Rgba32> source)
    {
        var result = new Image<Rgb24>(Configuration, source.Width, source.Height);
        source.ProcessPixelRows(result, (src, dst) =>
        {
            for (int y = 0; y < src.Height; y++)
            {
                var s = src.GetRowSpan(y);
                var d = dst.GetRowSpan(y);
                for (int x = 0; x < s.Length; x++)
                {
                    var p = s[x];
                    d[x] = p.A == 255
                        ? new Rgb24(p.R, p.G, p.B)
                        : new Rgb24((byte)((p.R * p.A + 127) / 255), (byte)((p.G * p.A + 127) / 255), (byte)((p.B * p.A + 127) / 255));
                }
            }
        });
        return result;
    }
}

public sealed class ImageDecodeException(string message, Exception? inner = null) : Exception(message, inner);
