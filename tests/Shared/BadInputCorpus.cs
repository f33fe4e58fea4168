using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace SkinCancer.Studio.Testing;

/// <summary>What must happen to one file of the corpus, wherever it enters (CLI folder or upload).</summary>
internal enum ExpectedOutcome
{
    /// <summary>Converted to RGB and used for training.</summary>
    Used,
    /// <summary>Not used; the reason shown to the user contains <see cref="CorpusCase.Reason"/>.</summary>
    Skipped,
    /// <summary>Same bytes as another file of the same class: that one is used, this one is listed.</summary>
    Duplicate,
    /// <summary>Same bytes under two classes: ambiguous, listed and not used.</summary>
    Conflict,
}

/// <summary>One file of the corpus: the case as issue #5 words it, where it sits under the root, and its outcome.</summary>
internal sealed record CorpusCase(string Name, string RelativePath, ExpectedOutcome Outcome, string? Reason = null);

/// <summary>A folder that cannot be trained on at all: the whole import is refused with a one-line message.</summary>
internal sealed record CorpusRefusal(string Name, string Folder, string Message);

/// <summary>
/// Issue #5's bad-input corpus, generated on the fly (no binaries checked in): every odd file a user may drop, each with
/// the outcome the studio promises. The CLI test and the upload test both run it, so the two front ends keep one rule.
/// </summary>
internal static class BadInputCorpus
{
    public const int ManyTinyFiles = 10_000;
    public const string TinyFiles = "10,000 tiny files";
    public const string OneClassOnly = "only one class";
    public const string EmptyClassFolder = "an empty class folder";
    public const string UnusableClassFolder = "a class folder of unusable files";

    // ImageSharp 2.1 decodes CMYK JPEGs but cannot write one, so this 8×8 red square was made once with ImageMagick
    // (`convert -size 8x8 xc:red -colorspace CMYK -strip x.jpg`, Adobe APP14, YCCK) and is kept as 292 bytes of base64.
    private const string CmykJpegBase64 =
        "/9j/7gAOQWRvYmUAZAAAAAAC/9sAQwADAgIDAgIDAwMDBAMDBAUIBQUEBAUKBwcGCAwKDAwLCgsLDQ4SEA0OEQ4LCxAWEBETFBUVFQwPFxgWFBgSFBUU" +
        "/9sAQwEDBAQFBAUJBQUJFA0LDRQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQU/8AAFAgACAAIBAERAAIRAQMR" +
        "AQQRAP/EABUAAQEAAAAAAAAAAAAAAAAAAAgJ/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/EABUBAQEAAAAAAAAAAAAAAAAAAAcJ/8QAFBEBAAAAAAAAAAAA" +
        "AAAAAAAAAP/aAA4EAQACEQMRBAAAPwBEHNKpVN//2Q==";

    public static byte[] CmykJpeg => Convert.FromBase64String(CmykJpegBase64);

    /// <summary>Writes the corpus under <paramref name="root"/> (classes "benign" and "malignant") and returns one case per file.</summary>
    public static IReadOnlyList<CorpusCase> Write(string root, int tinyFiles = ManyTinyFiles)
    {
        var cases = new List<CorpusCase>();
        void Add(string name, string relative, byte[] bytes, ExpectedOutcome outcome, string? reason = null)
        {
            WriteFile(root, relative, bytes);
            cases.Add(new CorpusCase(name, relative, outcome, reason));
        }

        for (int i = 1; i <= 4; i++)
        {
            Add("ordinary image", $"benign/ordinary-{i}.jpg", Jpeg(Pattern(i, 48, 48)), ExpectedOutcome.Used);
            Add("ordinary image", $"malignant/ordinary-{i}.jpg", Jpeg(Pattern(100 + i, 48, 48)), ExpectedOutcome.Used);
        }

        Add("zero-byte file", "benign/zero-bytes.jpg", [], ExpectedOutcome.Skipped, "empty file (0 bytes)");
        var jpeg = Jpeg(Pattern(200, 64, 64));
        Add("truncated JPEG", "benign/truncated.jpg", jpeg[..(jpeg.Length / 2)], ExpectedOutcome.Skipped, "truncated JPEG");
        var png = Png(Pattern(201, 32, 32));
        Add("truncated PNG", "malignant/truncated.png", png[..(png.Length - 12)], ExpectedOutcome.Skipped, "truncated PNG");
        Add("random bytes named .jpg", "malignant/random-bytes.jpg", RandomBytes(2000, seed: 7), ExpectedOutcome.Skipped, "not an image");
        Add("a text file named .png", "benign/notes.png", "just some notes, not pixels\n"u8.ToArray(), ExpectedOutcome.Skipped, "not an image");
        Add("an HTML file named .png", "malignant/page.png", "<!DOCTYPE html><html><body>404</body></html>"u8.ToArray(),
            ExpectedOutcome.Skipped, "not an image");
        Add("a text file", "benign/readme.txt", "labels come from folder names\n"u8.ToArray(), ExpectedOutcome.Skipped, "not an image (.txt file)");
        Add("a PNG declaring 30000×30000 pixels", "malignant/huge-30000x30000.png", PngHeaderOnly(30000, 30000),
            ExpectedOutcome.Skipped, "30000×30000 pixels is over");
        Add("a hidden system file", "benign/.DS_Store", RandomBytes(64, seed: 8), ExpectedOutcome.Skipped, "system or hidden file");
        Add("a file outside any class folder", "LICENSE.txt", "MIT"u8.ToArray(), ExpectedOutcome.Skipped, "not inside a class folder");

        Add("16-bit PNG", "benign/deep-16bit.png", SixteenBitPng(), ExpectedOutcome.Used);
        Add("CMYK JPEG", "malignant/cmyk.jpg", CmykJpeg, ExpectedOutcome.Used);
        Add("grayscale PNG", "benign/grayscale.png", Encode(Grayscale(300), new PngEncoder()), ExpectedOutcome.Used);
        Add("grayscale JPEG", "malignant/grayscale.jpg", Encode(Grayscale(301), new JpegEncoder { ColorType = JpegColorType.Luminance }),
            ExpectedOutcome.Used);
        Add("PNG with alpha", "malignant/alpha.png", AlphaPng(), ExpectedOutcome.Used);
        Add("animated GIF", "benign/animated.gif", AnimatedGif(), ExpectedOutcome.Used);
        Add("EXIF-rotated JPEG", "malignant/exif-rotated.jpg", ExifRotatedJpeg(), ExpectedOutcome.Used);
        Add("a name with spaces", "benign/a name  with spaces .jpg", Jpeg(Pattern(400, 40, 40)), ExpectedOutcome.Used);
        Add("a unicode name", "malignant/mélanome 黒子 ✓.jpg", Jpeg(Pattern(401, 40, 40)), ExpectedOutcome.Used);
        Add("a name of 200+ characters", $"benign/{new string('l', 220)}.jpg", Jpeg(Pattern(402, 40, 40)), ExpectedOutcome.Used);
        Add("a folder nested five levels deep", "malignant/one/two/three/four/five/deep.jpg", Jpeg(Pattern(403, 40, 40)), ExpectedOutcome.Used);

        var twice = Png(Pattern(500, 24, 24));
        Add("the same file twice in one class", "benign/twice-a.png", twice, ExpectedOutcome.Used);
        Add("the same file twice in one class", "benign/twice-b.png", twice, ExpectedOutcome.Duplicate, "same image");
        var shared = Png(Pattern(501, 24, 24));
        Add("the same file under two labels", "benign/shared.png", shared, ExpectedOutcome.Conflict, "under more than one label");
        Add("the same file under two labels", "malignant/shared.png", shared, ExpectedOutcome.Conflict, "under more than one label");

        cases.AddRange(WriteTinyFiles(root, tinyFiles));
        return cases;
    }

    /// <summary>One folder per whole-import refusal, each under <paramref name="root"/>.</summary>
    public static IReadOnlyList<CorpusRefusal> WriteRefusals(string root)
    {
        var one = Path.Combine(root, "one-class");
        WriteFile(one, "benign/a.jpg", Jpeg(Pattern(600, 32, 32)));
        WriteFile(one, "benign/b.jpg", Jpeg(Pattern(601, 32, 32)));

        var empty = Path.Combine(root, "empty-class");
        WriteFile(empty, "benign/a.jpg", Jpeg(Pattern(602, 32, 32)));
        WriteFile(empty, "malignant/b.jpg", Jpeg(Pattern(603, 32, 32)));
        Directory.CreateDirectory(Path.Combine(empty, "nevus"));

        var unusable = Path.Combine(root, "unusable-class");
        WriteFile(unusable, "benign/a.jpg", Jpeg(Pattern(604, 32, 32)));
        WriteFile(unusable, "malignant/notes.txt", "no images here"u8.ToArray());
        WriteFile(unusable, "malignant/empty.jpg", []);

        return
        [
            new(OneClassOnly, one, "only one class folder ('benign')"),
            new(EmptyClassFolder, empty, "class folder(s) with no usable image: 'nevus'"),
            new(UnusableClassFolder, unusable, "class folder(s) with no usable image: 'malignant'"),
        ];
    }

    /// <summary>Distinct 8×8 PNGs (pixels derived from the index, so none is a duplicate), alternating between the classes.</summary>
    private static IEnumerable<CorpusCase> WriteTinyFiles(string root, int count)
    {
        var encoder = new PngEncoder();
        var cases = new CorpusCase[count];
        Directory.CreateDirectory(Path.Combine(root, "benign", "tiny"));
        Directory.CreateDirectory(Path.Combine(root, "malignant", "tiny"));
        Parallel.For(0, count, i =>
        {
            using var image = new Image<Rgb24>(8, 8);
            for (int y = 0; y < 8; y++)
            {
                for (int x = 0; x < 8; x++) image[x, y] = new Rgb24((byte)i, (byte)(i >> 8), (byte)(x * 8 + y));
            }
            var relative = $"{(i % 2 == 0 ? "benign" : "malignant")}/tiny/t{i:D5}.png";
            using var stream = File.Create(Path.Combine(root, relative));
            image.Save(stream, encoder);
            cases[i] = new CorpusCase(TinyFiles, relative, ExpectedOutcome.Used);
        });
        return cases;
    }

    public static void WriteFile(string root, string relative, byte[] bytes)
    {
        var path = Path.Combine([root, .. relative.Split('/')]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>A picture whose pixels depend on <paramref name="seed"/>, so every seed has its own content hash.</summary>
    public static Image<Rgb24> Pattern(int seed, int width, int height)
    {
        var random = new Random(seed);
        var image = new Image<Rgb24>(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++) image[x, y] = new Rgb24((byte)random.Next(256), (byte)(x * 4), (byte)(y * 4));
        }
        return image;
    }

    private static Image<L8> Grayscale(int seed)
    {
        var random = new Random(seed);
        var image = new Image<L8>(30, 20);
        for (int y = 0; y < 20; y++)
        {
            for (int x = 0; x < 30; x++) image[x, y] = new L8((byte)random.Next(256));
        }
        return image;
    }

    private static byte[] SixteenBitPng()
    {
        using var image = new Image<Rgb48>(30, 20);
        for (int y = 0; y < 20; y++)
        {
            for (int x = 0; x < 30; x++) image[x, y] = new Rgb48((ushort)(x * 2000), (ushort)(y * 3000), 40000);
        }
        return Encode(image, new PngEncoder { BitDepth = PngBitDepth.Bit16 });
    }

    private static byte[] AlphaPng()
    {
        using var image = new Image<Rgba32>(30, 20, new Rgba32(255, 255, 255, 0));
        image[0, 0] = new Rgba32(200, 100, 50, 255);
        return Encode(image, new PngEncoder { ColorType = PngColorType.RgbWithAlpha });
    }

    /// <summary>Red first frame, blue second: the studio reads the first.</summary>
    private static byte[] AnimatedGif()
    {
        using var image = new Image<Rgba32>(30, 20, new Rgba32(255, 0, 0, 255));
        using var second = new Image<Rgba32>(30, 20, new Rgba32(0, 0, 255, 255));
        image.Frames.AddFrame(second.Frames.RootFrame);
        return Encode(image, new GifEncoder());
    }

    /// <summary>40×20 pixels stored, orientation 6 (rotate 90°): upright it is 20×40.</summary>
    private static byte[] ExifRotatedJpeg()
    {
        using var image = Pattern(700, 40, 20);
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6);
        return Encode(image, new JpegEncoder { Quality = 90 });
    }

    private static byte[] Jpeg(Image image)
    {
        using (image) return Encode(image, new JpegEncoder { Quality = 90 });
    }

    private static byte[] Png(Image image)
    {
        using (image) return Encode(image, new PngEncoder());
    }

    private static byte[] Encode(Image image, SixLabors.ImageSharp.Formats.IImageEncoder encoder)
    {
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A valid PNG signature and IHDR declaring a huge image, with almost no data: it must be refused from the header.</summary>
    public static byte[] PngHeaderOnly(int width, int height)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = 2;
        WriteChunk(stream, "IHDR", ihdr);
        WriteChunk(stream, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        WriteChunk(stream, "IEND", []);
        return stream.ToArray();
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        var length = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        stream.Write(typeBytes);
        stream.Write(data);
        var crc = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32([.. typeBytes, .. data]));
        stream.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
