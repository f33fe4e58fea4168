using SixLabors.ImageSharp;
using SkinCancer.Studio.Core.Configuration;

namespace SkinCancer.Studio.Core.Imaging;

/// <summary>The result of looking at a file's bytes without decoding its pixels.</summary>
public sealed record ImageCheck(bool Ok, string? Reason, string? Format, int Width, int Height)
{
    public static ImageCheck Refused(string reason) => new(false, reason, null, 0, 0);
}

/// <summary>
/// Header-level checks run on every incoming file before any pixel is decoded: format sniffed from content,
/// size and pixel limits (so a decompression bomb is refused from its header), and truncation of JPEG/PNG.
/// </summary>
public static class ImageInspector
{
    public static ImageCheck Inspect(byte[] bytes, StudioLimits limits)
    {
        if (bytes.Length == 0) return ImageCheck.Refused("empty file (0 bytes)");
        if (bytes.Length > limits.MaxFileBytes)
        {
            return ImageCheck.Refused($"file is {bytes.Length:N0} bytes, over the {limits.MaxFileBytes:N0}-byte limit");
        }

        var format = Image.DetectFormat(ImageDecoding.Configuration, bytes.AsSpan());
        if (format is null) return ImageCheck.Refused("not an image (content is not JPEG, PNG, BMP, GIF, WebP or TIFF)");

        IImageInfo? info;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            info = Image.Identify(ImageDecoding.Configuration, stream);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException or InvalidOperationException
                                      or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            return ImageCheck.Refused($"corrupt {format.Name} header: {e.Message}");
        }
        if (info is null || info.Width <= 0 || info.Height <= 0)
        {
            return ImageCheck.Refused($"corrupt {format.Name} header");
        }
        long pixels = (long)info.Width * info.Height;
        if (pixels > limits.MaxPixels)
        {
            // With its format: an image over the limit is still an image, whatever its file is named (the prediction API's has no extension).
            return new ImageCheck(false, $"{info.Width}×{info.Height} pixels is over the {limits.MaxPixels:N0}-pixel limit", format.Name, info.Width, info.Height);
        }

        var truncated = format.Name switch
        {
            "JPEG" => !JpegHasEndAfterLastScan(bytes),
            "PNG" => bytes.AsSpan().LastIndexOf("IEND"u8) < 0,
            _ => false,
        };
        if (truncated) return new ImageCheck(false, $"truncated {format.Name} (the file ends before the image does)", format.Name, info.Width, info.Height);

        return new ImageCheck(true, null, format.Name, info.Width, info.Height);
    }

    // Entropy-coded JPEG data escapes 0xFF as FF 00, so FF DA (start of scan) and FF D9 (end of image) only occur as
    // real markers. A file cut short has no end-of-image marker after its last scan; an EXIF thumbnail's own marker
    // sits before the main scan and does not count.
    private static bool JpegHasEndAfterLastScan(ReadOnlySpan<byte> bytes)
    {
        int lastScan = bytes.LastIndexOf(stackalloc byte[] { 0xFF, 0xDA });
        if (lastScan < 0) return false;
        return bytes[lastScan..].IndexOf(stackalloc byte[] { 0xFF, 0xD9 }) >= 0;
    }
}
