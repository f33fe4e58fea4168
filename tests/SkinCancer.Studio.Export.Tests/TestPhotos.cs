using System.Buffers.Binary;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.Metadata.Profiles.Icc;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace SkinCancer.Studio.Export.Tests;

/// <summary>
/// Files that trip up preprocessing, made from a picture: a JPEG carrying an ICC profile (linear, wide-gamut: a browser
/// that colour-manages changes every pixel), a PNG with a gAMA chunk, JPEGs whose EXIF orientation says "rotate", a
/// semi-transparent PNG, and plain PNG/JPEG copies at sizes other than 224×224.
/// </summary>
internal static class TestPhotos
{
    /// <summary>Subsampled chroma (4:2:0), as phone cameras write it; the flower photos and the tall file have full-resolution chroma (4:4:4).</summary>
    private static readonly JpegEncoder Jpeg = new() { Quality = 90, ColorType = JpegColorType.YCbCrRatio420 };

    private static readonly JpegEncoder FullChromaJpeg = new() { Quality = 90, ColorType = JpegColorType.YCbCrRatio444 };

    public static IReadOnlyList<string> WriteVariants(Image<Rgb24> picture, string folder, string name)
    {
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        string Path(string suffix) { var p = System.IO.Path.Combine(folder, $"{name}-{suffix}"); written.Add(p); return p; }

        using (var large = picture.Clone(x => x.Resize(517, 389)))
        {
            large.Metadata.IccProfile = new IccProfile(LinearWideGamutProfile());
            large.SaveAsJpeg(Path("icc.jpg"), Jpeg);
        }
        using (var png = picture.Clone(x => x.Resize(301, 263)))
        {
            png.Metadata.GetPngMetadata().Gamma = 0.8f;
            png.SaveAsPng(Path("gamma.png"));
        }
        foreach (ushort orientation in new ushort[] { 6, 3, 8 })
        {
            // Stored sideways or upside down, with the EXIF tag saying how to turn it upright.
            using var stored = picture.Clone(x => x.Resize(455, 340).Rotate(orientation switch { 6 => RotateMode.Rotate270, 8 => RotateMode.Rotate90, _ => RotateMode.Rotate180 }));
            stored.Metadata.ExifProfile = new ExifProfile();
            stored.Metadata.ExifProfile.SetValue(ExifTag.Orientation, orientation);
            stored.SaveAsJpeg(Path($"exif{orientation}.jpg"), Jpeg);
        }
        using (var rgba = picture.CloneAs<Rgba32>())
        {
            rgba.Mutate(x => x.Resize(240, 180));
            rgba.ProcessPixelRows(rows =>
            {
                for (int y = 0; y < rows.Height; y++)
                {
                    var row = rows.GetRowSpan(y);
                    for (int x = 0; x < row.Length; x++) row[x].A = (byte)(x < 20 ? 0 : 40 + (x * 7 + y * 3) % 216);
                }
            });
            rgba.SaveAsPng(Path("alpha.png"));
        }
        using (var small = picture.Clone(x => x.Resize(150, 111))) small.SaveAsPng(Path("small.png"));
        using (var tall = picture.Clone(x => x.Resize(230, 640))) tall.SaveAsJpeg(Path("tall.jpg"), FullChromaJpeg);
        return written;
    }

    /// <summary>An ICC v2 RGB matrix/TRC profile with linear curves and wide primaries: far from sRGB on purpose.</summary>
    private static byte[] LinearWideGamutProfile()
    {
        (string Tag, byte[] Data)[] tags =
        [
            ("rXYZ", Xyz(0.7977, 0.2880, 0.0)),
            ("gXYZ", Xyz(0.1352, 0.7119, 0.0)),
            ("bXYZ", Xyz(0.0313, 0.0001, 0.8249)),
            ("wtpt", Xyz(0.9642, 1.0, 0.8249)),
            ("rTRC", LinearCurve()),
            ("gTRC", LinearCurve()),
            ("bTRC", LinearCurve()),
        ];
        int offset = 128 + 4 + 12 * tags.Length;
        var table = new List<byte>();
        var data = new List<byte>();
        foreach (var (tag, bytes) in tags)
        {
            table.AddRange(System.Text.Encoding.ASCII.GetBytes(tag));
            table.AddRange(BigEndian(offset + data.Count));
            table.AddRange(BigEndian(bytes.Length));
            data.AddRange(bytes);
            while (data.Count % 4 != 0) data.Add(0);
        }
        var profile = new byte[offset + data.Count];
        BinaryPrimitives.WriteInt32BigEndian(profile.AsSpan(0), profile.Length);
        BinaryPrimitives.WriteInt32BigEndian(profile.AsSpan(8), 0x02100000);
        System.Text.Encoding.ASCII.GetBytes("mntrRGB XYZ ").CopyTo(profile, 12);
        System.Text.Encoding.ASCII.GetBytes("acsp").CopyTo(profile, 36);
        BinaryPrimitives.WriteInt32BigEndian(profile.AsSpan(68), S15Fixed16(0.9642));
        BinaryPrimitives.WriteInt32BigEndian(profile.AsSpan(72), S15Fixed16(1.0));
        BinaryPrimitives.WriteInt32BigEndian(profile.AsSpan(76), S15Fixed16(0.8249));
        BinaryPrimitives.WriteInt32BigEndian(profile.AsSpan(128), tags.Length);
        table.CopyTo(profile, 132);
        data.CopyTo(profile, offset);
        return profile;
    }

    private static byte[] Xyz(double x, double y, double z) =>
        [.. "XYZ "u8.ToArray(), 0, 0, 0, 0, .. BigEndian(S15Fixed16(x)), .. BigEndian(S15Fixed16(y)), .. BigEndian(S15Fixed16(z))];

    // A 'curv' with one entry is a gamma (u8Fixed8): 1.0 is linear.
    private static byte[] LinearCurve() => [.. "curv"u8.ToArray(), 0, 0, 0, 0, 0, 0, 0, 1, 1, 0];

    private static int S15Fixed16(double value) => (int)Math.Round(value * 65536);

    private static byte[] BigEndian(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }
}
