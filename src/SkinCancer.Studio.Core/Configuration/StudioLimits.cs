namespace SkinCancer.Studio.Core.Configuration;

/// <summary>
/// Input limits enforced wherever images enter the studio (CLI import and uploads alike).
/// Bound from the "Studio:Limits" section of appsettings.json.
/// </summary>
public sealed record StudioLimits
{
    /// <summary>Largest accepted image file. Default 50 MB: a 24-megapixel camera JPEG is ~10 MB.</summary>
    public long MaxFileBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>Largest accepted width × height, read from the header before decoding (a decompression bomb is refused unread). Default 40 MP.</summary>
    public long MaxPixels { get; init; } = 40_000_000;

    /// <summary>Most files read from one folder or upload. Default 100,000.</summary>
    public int MaxFiles { get; init; } = 100_000;

    /// <summary>Most bytes in one upload. Default 4 GB.</summary>
    public long MaxUploadBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Most images kept in one project, and separately most test images in all of its test sets (both counted in the catalogue). Default 100,000.</summary>
    public int MaxImagesPerProject { get; init; } = 100_000;

    /// <summary>Most bytes one upload may write, its files and every inflated zip entry counted (a zip bomb stops here). Default 8 GB.</summary>
    public long MaxUnpackedBytes { get; init; } = 8L * 1024 * 1024 * 1024;

    /// <summary>Most bytes of images and test-set files kept in one project. Default 64 GB.</summary>
    public long MaxProjectBytes { get; init; } = 64L * 1024 * 1024 * 1024;
}
