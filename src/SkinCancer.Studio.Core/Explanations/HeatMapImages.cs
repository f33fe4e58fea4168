using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace SkinCancer.Studio.Core.Explanations;

/// <summary>Heat maps as pictures: a colour scale (blue = cold, red = hot), alone or blended over the image.</summary>
public static class HeatMapImages
{
    /// <summary>Pictures are made at the image's size up to this many pixels a side (a 7×7 or 14×14 grid has no more detail to show).</summary>
    public const int MaxSide = 1024;

    public const float DefaultOpacity = 0.5f;

    private static readonly PngEncoder Encoder = new() { CompressionLevel = PngCompressionLevel.BestSpeed };

    /// <summary>The size a picture of a <paramref name="width"/>×<paramref name="height"/> image is drawn at: the same, or scaled down to <see cref="MaxSide"/>.</summary>
    public static Size PictureSize(int width, int height, int maxSide = MaxSide)
    {
        double scale = Math.Min(1.0, (double)maxSide / Math.Max(width, height));
        return new Size(Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    /// <summary>The colour of heat <paramref name="t"/> (0–1) on a jet-like scale: blue, cyan, green, yellow, red.</summary>
    public static Rgb24 Colour(float t)
    {
        t = Math.Clamp(t, 0f, 1f);
        static byte Channel(float t, float centre) => (byte)(255 * Math.Clamp(1.5f - Math.Abs(4 * t - centre), 0f, 1f));
        return new Rgb24(Channel(t, 3), Channel(t, 2), Channel(t, 1));
    }

    /// <summary>The heat map alone, in colour, at the picture size of the image: what the studio lays over the image with an opacity slider.</summary>
    public static byte[] HeatPng(HeatMap map, int imageWidth, int imageHeight, int maxSide = MaxSide)
    {
        var size = PictureSize(imageWidth, imageHeight, maxSide);
        var heat = map.Upsample(size.Width, size.Height);
        using var picture = new Image<Rgb24>(size.Width, size.Height);
        picture.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++) row[x] = Colour(heat[y * size.Width + x]);
            }
        });
        return Encode(picture);
    }

    /// <summary>The image with the heat map blended over it at <paramref name="opacity"/>.</summary>
    public static byte[] OverlayPng(Image<Rgb24> image, HeatMap map, float opacity = DefaultOpacity)
    {
        using var picture = Picture(image);
        var heat = map.Upsample(picture.Width, picture.Height);
        picture.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                {
                    var c = Colour(heat[y * rows.Width + x]);
                    var p = row[x];
                    row[x] = new Rgb24(Blend(p.R, c.R, opacity), Blend(p.G, c.G, opacity), Blend(p.B, c.B, opacity));
                }
            }
        });
        return Encode(picture);
    }

    /// <summary>The image itself at the picture size, re-encoded (the upload may be a format a browser does not show).</summary>
    public static byte[] ImagePng(Image<Rgb24> image, int maxSide = MaxSide)
    {
        using var picture = Picture(image, maxSide);
        return Encode(picture);
    }

    private static Image<Rgb24> Picture(Image<Rgb24> image, int maxSide = MaxSide)
    {
        var size = PictureSize(image.Width, image.Height, maxSide);
        return size.Width == image.Width && size.Height == image.Height ? image.Clone() : image.Clone(x => x.Resize(size));
    }

    private static byte Blend(byte under, byte over, float opacity) => (byte)Math.Round(under + (over - under) * opacity);

    private static byte[] Encode(Image<Rgb24> picture)
    {
        using var stream = new MemoryStream();
        picture.SaveAsPng(stream, Encoder);
        return stream.ToArray();
    }
}
