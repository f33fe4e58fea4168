using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Processing;
using SkinCancer.Studio.Core.Imaging;

namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>
/// Small JPEG previews, decoded and re-encoded on the server: uploaded bytes are never served back as they came, and a
/// preview is written once to a cache file and reused.
/// </summary>
public static class Thumbnails
{
    public const int Size = 128;

    public static byte[] GetOrCreate(string sourceFile, string cacheFile)
    {
        if (File.Exists(cacheFile)) return File.ReadAllBytes(cacheFile);
        var bytes = Render(File.ReadAllBytes(sourceFile));
        Directory.CreateDirectory(Path.GetDirectoryName(cacheFile)!);
        var temporary = cacheFile + "." + CatalogueIds.New() + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, cacheFile, overwrite: true);
        return bytes;
    }

    public static byte[] Render(byte[] imageBytes)
    {
        using var image = ImageDecoding.LoadRgb(imageBytes);
        image.Mutate(x => x.Resize(new ResizeOptions { Size = new Size(Size, Size), Mode = ResizeMode.Max }));
        using var stream = new MemoryStream();
        image.Save(stream, new JpegEncoder { Quality = 80 });
        return stream.ToArray();
    }
}
