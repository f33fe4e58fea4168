using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Datasets;
using SkinCancer.Studio.Core.Imaging;

namespace SkinCancer.Studio.Core.Tests;

public sealed class ImportTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private DatasetReport Import(StudioLimits? limits = null) => new DatasetImporter(limits ?? new StudioLimits()).Import(_temp.Path);

    private void WriteBytes(string relative, byte[] bytes)
    {
        var path = _temp.Combine(relative.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    private static byte[] GoodJpeg(int seed) => SyntheticImages.Jpeg(SyntheticImages.Shape(true, new Rgb24(200, 30, 40), seed));

    [Fact]
    public void Labels_are_the_immediate_subfolders_and_nested_images_keep_the_top_label()
    {
        WriteBytes("b/one.jpg", GoodJpeg(1));
        WriteBytes("a/x/y/z/w/deep.jpg", GoodJpeg(2));
        var report = Import();
        Assert.Equal(["a", "b"], report.Labels);
        Assert.Equal("a", report.Images.Single(i => i.RelativePath.EndsWith("deep.jpg")).Label);
        Assert.Empty(report.Skipped);
    }

    [Fact]
    public void Every_unusable_file_is_skipped_with_its_path_and_reason()
    {
        WriteBytes("a/good.jpg", GoodJpeg(1));
        WriteBytes("b/good.jpg", GoodJpeg(2));
        WriteBytes("LICENSE.txt", "MIT"u8.ToArray());
        WriteBytes("a/.DS_Store", [0, 0, 0, 1]);
        WriteBytes("a/notes.txt", "hello"u8.ToArray());
        WriteBytes("a/empty.jpg", []);
        WriteBytes("a/random.jpg", Enumerable.Range(0, 500).Select(i => (byte)(i * 7919 % 251)).ToArray());
        WriteBytes("a/page.png", "<html><body>not a png</body></html>"u8.ToArray());
        var jpeg = GoodJpeg(3);
        WriteBytes("a/truncated.jpg", jpeg[..(jpeg.Length * 6 / 10)]);
        var png = SyntheticImages.Png(SyntheticImages.Solid(8, 8, new Rgb24(1, 2, 3)));
        WriteBytes("b/truncated.png", png[..(png.Length - 12)]);
        WriteBytes("b/bomb.png", BadInputCorpus.PngHeaderOnly(30000, 30000));

        var report = Import();
        string Reason(string name) => report.Skipped.Single(s => Path.GetFileName(s.Path) == name).Reason;

        Assert.Equal(2, report.Images.Count);
        Assert.Contains("not inside a class folder", Reason("LICENSE.txt"));
        Assert.Contains("hidden", Reason(".DS_Store"));
        Assert.Contains("not an image (.txt file)", Reason("notes.txt"));
        Assert.Contains("empty file", Reason("empty.jpg"));
        Assert.Contains("not an image", Reason("random.jpg"));
        Assert.Contains("not an image", Reason("page.png"));
        Assert.Contains("truncated JPEG", Reason("truncated.jpg"));
        Assert.Contains("truncated PNG", Reason("truncated.png"));
        Assert.Contains("30000×30000 pixels is over", Reason("bomb.png"));
        Assert.All(report.Skipped, s => Assert.True(Path.IsPathRooted(s.Path)));
    }

    [Fact]
    public void Limits_on_file_size_and_file_count_are_enforced()
    {
        WriteBytes("a/one.jpg", GoodJpeg(1));
        WriteBytes("b/two.jpg", GoodJpeg(2));
        WriteBytes("b/three.jpg", GoodJpeg(3));
        var small = Import(new StudioLimits { MaxFileBytes = 100 });
        Assert.All(small.Skipped, s => Assert.Contains("over the 100-byte limit", s.Reason));
        Assert.Empty(small.Images);

        var error = Assert.Throws<DatasetException>(() => Import(new StudioLimits { MaxFiles = 2 }));
        Assert.Contains("more than 2 files", error.Message);
    }

    [Fact]
    public void Exact_duplicates_are_reported_and_used_once_and_cross_label_copies_are_conflicts()
    {
        var same = GoodJpeg(1);
        WriteBytes("a/one.jpg", same);
        WriteBytes("a/copy-of-one.jpg", same);
        var shared = GoodJpeg(2);
        WriteBytes("a/shared.jpg", shared);
        WriteBytes("b/shared.jpg", shared);
        WriteBytes("b/other.jpg", GoodJpeg(3));

        var report = Import();
        var duplicate = Assert.Single(report.Duplicates);
        Assert.Equal("a", duplicate.Label);
        Assert.Single(duplicate.Duplicates);
        var conflict = Assert.Single(report.Conflicts);
        Assert.Equal(["a", "b"], conflict.Labels.Order());
        Assert.Equal(2, report.Images.Count);
        Assert.DoesNotContain(report.Images, i => i.Hash == conflict.Hash);
        Assert.Contains(report.Warnings, w => w.Contains("duplicate"));
        Assert.Contains(report.Warnings, w => w.Contains("more than one label"));
    }

    [Fact]
    public void Fewer_than_two_classes_or_an_empty_class_is_a_clear_error()
    {
        WriteBytes("only/one.jpg", GoodJpeg(1));
        var single = Assert.Throws<DatasetException>(() => Import().EnsureTrainable());
        Assert.Contains("only one class", single.Message);

        Directory.CreateDirectory(_temp.Combine("empty"));
        var empty = Assert.Throws<DatasetException>(() => Import().EnsureTrainable());
        Assert.Contains("'empty'", empty.Message);

        Directory.Delete(_temp.Combine("only"), recursive: true);
        Directory.Delete(_temp.Combine("empty"));
        var none = Assert.Throws<DatasetException>(() => Import().EnsureTrainable());
        Assert.Contains("no class folders", none.Message);
    }

    [Fact]
    public void Unusual_but_valid_images_all_decode_to_upright_rgb()
    {
        using var gray = new Image<L8>(30, 20);
        using var deep = new Image<Rgb48>(30, 20);
        using var alpha = new Image<Rgba32>(30, 20, new Rgba32(255, 255, 255, 0));
        alpha[0, 0] = new Rgba32(200, 100, 50, 255);
        using var animated = new Image<Rgba32>(30, 20, new Rgba32(255, 0, 0, 255));
        animated.Frames.AddFrame(new Image<Rgba32>(30, 20, new Rgba32(0, 0, 255, 255)).Frames.RootFrame);
        using var rotated = SyntheticImages.Solid(40, 20, new Rgb24(10, 200, 10));
        rotated.Metadata.ExifProfile = new ExifProfile();
        rotated.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6);

        byte[] Encode(Image image, SixLabors.ImageSharp.Formats.IImageEncoder encoder)
        {
            using var s = new MemoryStream();
            image.Save(s, encoder);
            return s.ToArray();
        }

        var cases = new Dictionary<string, byte[]>
        {
            ["gray.png"] = Encode(gray, new PngEncoder()),
            ["deep.png"] = Encode(deep, new PngEncoder { BitDepth = PngBitDepth.Bit16 }),
            ["alpha.png"] = Encode(alpha, new PngEncoder()),
            ["animated.gif"] = Encode(animated, new GifEncoder()),
            ["rotated.jpg"] = SyntheticImages.Jpeg(rotated),
        };
        foreach (var (name, bytes) in cases)
        {
            Assert.True(ImageInspector.Inspect(bytes, new StudioLimits()).Ok, name);
        }

        using (var img = ImageDecoding.LoadRgb(cases["rotated.jpg"]))
        {
            Assert.Equal((20, 40), (img.Width, img.Height));
        }
        using (var img = ImageDecoding.LoadRgb(cases["alpha.png"]))
        {
            Assert.Equal(new Rgb24(200, 100, 50), img[0, 0]);
            Assert.Equal(new Rgb24(0, 0, 0), img[5, 5]);
        }
        using (var img = ImageDecoding.LoadRgb(cases["animated.gif"]))
        {
            Assert.True(img[10, 10].R > 200 && img[10, 10].B < 50, "first frame (red) expected");
        }
    }
}
