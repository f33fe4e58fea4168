using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SkinCancer.Studio.Core.Imaging;
using Xunit.Abstractions;

namespace SkinCancer.Studio.Export.Tests;

/// <summary>
/// The studio decodes JPEG pixels byte for byte as libjpeg-turbo does (the decoder of Chromium and Pillow), at full
/// resolution: files written by Pillow with every chroma subsampling it offers (4:4:4, 4:2:2, 4:2:0), baseline and
/// progressive, grayscale, at sizes that leave partial blocks and MCUs; and the real flower photos where they are at hand.
/// </summary>
public sealed class JpegDecodingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_studio_decodes_jpegs_of_every_subsampling_as_libjpeg_turbo_does()
    {
        var python = await ExternalTools.PythonAsync();
        using var temp = new TempDirectory();
        var picture = temp.Combine("picture.png");
        using (var image = Picture(243, 187)) image.SaveAsPng(picture);
        await ExternalTools.RunAsync(python, temp.Path, "-c", """
            import sys
            from PIL import Image
            picture = Image.open(sys.argv[1]).convert('RGB')
            for size in [(243, 187), (17, 9), (3, 2)]:
                image = picture.resize(size, Image.BILINEAR)
                for subsampling, name in [(0, '444'), (1, '422'), (2, '420')]:
                    for progressive in [False, True]:
                        kind = 'progressive' if progressive else 'baseline'
                        image.save(f'{name}-{kind}-{size[0]}x{size[1]}.jpg', quality=85, subsampling=subsampling, progressive=progressive)
                image.convert('L').save(f'gray-{size[0]}x{size[1]}.jpg', quality=85)
            """, picture);
        var files = Directory.GetFiles(temp.Path, "*.jpg").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(21, files.Length);

        var mismatches = await CompareWithPillowAsync(python, files, temp);

        Assert.True(mismatches.Count == 0, string.Join("; ", mismatches));
    }

    [FlowerPhotosFact]
    public async Task The_studio_decodes_every_flower_photo_as_libjpeg_turbo_does()
    {
        var python = await ExternalTools.PythonAsync();
        using var temp = new TempDirectory();
        var files = Directory.GetFiles(FlowerPhotosFactAttribute.Folder, "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

        var mismatches = await CompareWithPillowAsync(python, files, temp);

        Assert.True(mismatches.Count == 0, string.Join("; ", mismatches));
    }

    /// <summary>Each file decoded by the studio and by Pillow; a line for every file whose pixels differ.</summary>
    private async Task<List<string>> CompareWithPillowAsync(string python, IReadOnlyList<string> files, TempDirectory temp)
    {
        var listPath = temp.Combine("files.json");
        await File.WriteAllTextAsync(listPath, JsonSerializer.Serialize(files));
        var pixelsFolder = temp.Combine("pillow");
        Directory.CreateDirectory(pixelsFolder);
        await ExternalTools.RunAsync(python, temp.Path, "-c", """
            import json, sys
            from PIL import Image
            for n, path in enumerate(json.load(open(sys.argv[1]))):
                with Image.open(path) as image:
                    open(f'{sys.argv[2]}/{n}.rgb', 'wb').write(image.convert('RGB').tobytes())
            """, listPath, pixelsFolder);
        var mismatches = new List<string>();
        long values = 0;
        for (int n = 0; n < files.Count; n++)
        {
            var bytes = await File.ReadAllBytesAsync(files[n]);
            using var decoded = LibjpegDecoding.TryDecode(bytes, ImageDecoding.Configuration);
            Assert.True(decoded is not null, $"{Path.GetFileName(files[n])}: not decoded by the studio's JPEG path");
            var pillow = await File.ReadAllBytesAsync(Path.Combine(pixelsFolder, $"{n}.rgb"));
            var studio = new byte[decoded.Width * decoded.Height * 3];
            using (var rgb = decoded.CloneAs<Rgb24>()) rgb.CopyPixelDataTo(studio);
            values += studio.Length;
            int differing = studio.Length == pillow.Length ? studio.Zip(pillow).Count(pair => pair.First != pair.Second) : -1;
            if (differing != 0) mismatches.Add($"{Path.GetFileName(files[n])}: {(differing < 0 ? "size differs" : $"{differing} values differ")}");
        }
        output.WriteLine($"{files.Count} files, {values} values: {files.Count - mismatches.Count} decoded exactly as Pillow (libjpeg-turbo) decodes them");
        return mismatches;
    }

    /// <summary>Smooth gradients with hard-edged coloured bars: chroma that changes sharply, where upsampling shows.</summary>
    private static Image<Rgb24> Picture(int width, int height)
    {
        var image = new Image<Rgb24>(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int bar = (x / 13 + y / 11) % 4;
                image[x, y] = bar switch
                {
                    0 => new Rgb24((byte)(x * 255 / width), (byte)(y * 255 / height), 90),
                    1 => new Rgb24(230, 20, 40),
                    2 => new Rgb24(20, 60, 220),
                    _ => new Rgb24((byte)((x * 7 + y * 3) % 256), 200, (byte)(y * 255 / height)),
                };
            }
        }
        return image;
    }
}
