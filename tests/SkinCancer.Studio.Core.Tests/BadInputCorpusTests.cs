using System.Text.Json;
using SixLabors.ImageSharp.PixelFormats;
using SkinCancer.Studio.Cli;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Datasets;
using SkinCancer.Studio.Core.Imaging;

namespace SkinCancer.Studio.Core.Tests;

/// <summary>
/// Issue #5's bad-input corpus through the CLI path: the folder importer, the decoding every used file goes through, and
/// `studio train --json`. Each file has its promised outcome, and no file goes unaccounted for.
/// </summary>
[Trait("Category", "BadInputCorpus")]
public sealed class BadInputCorpusTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Full(string relative) => Path.Combine([_temp.Combine("corpus"), .. relative.Split('/')]);

    [Fact]
    public void Every_file_is_used_or_listed_with_its_reason_and_none_is_lost()
    {
        var cases = BadInputCorpus.Write(_temp.Combine("corpus"));

        var report = new DatasetImporter(new StudioLimits()).Import(_temp.Combine("corpus"));

        var used = report.Images.ToDictionary(i => i.Path);
        var skipped = report.Skipped.ToDictionary(s => s.Path, s => s.Reason);
        var duplicates = report.Duplicates.SelectMany(d => d.Duplicates).ToHashSet();
        var conflicts = report.Conflicts.SelectMany(c => c.Paths).ToHashSet();
        foreach (var c in cases)
        {
            var path = Full(c.RelativePath);
            switch (c.Outcome)
            {
                case ExpectedOutcome.Used:
                    Assert.True(used.TryGetValue(path, out var image), $"{c.Name}: {c.RelativePath} not used");
                    Assert.Equal(c.RelativePath.Split('/')[0], image.Label);
                    break;
                case ExpectedOutcome.Skipped:
                    Assert.True(skipped.TryGetValue(path, out var reason), $"{c.Name}: {c.RelativePath} not listed as skipped");
                    Assert.Contains(c.Reason!, reason);
                    break;
                case ExpectedOutcome.Duplicate:
                    Assert.Contains(path, duplicates);
                    Assert.Contains(report.Warnings, w => w.Contains("duplicate"));
                    break;
                case ExpectedOutcome.Conflict:
                    Assert.Contains(path, conflicts);
                    Assert.Contains(report.Warnings, w => w.Contains(c.Reason!));
                    break;
            }
        }

        var onDisk = Directory.EnumerateFiles(_temp.Combine("corpus"), "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).ToArray();
        Assert.Equal(cases.Count, onDisk.Length);
        Assert.Equal(onDisk.Length, used.Count + skipped.Count + duplicates.Count + conflicts.Count);
        Assert.Equal(onDisk.Order(StringComparer.Ordinal), used.Keys.Concat(skipped.Keys).Concat(duplicates).Concat(conflicts).Order(StringComparer.Ordinal));
        report.EnsureTrainable();
    }

    [Fact]
    public void Every_used_file_becomes_an_upright_rgb_tensor()
    {
        // A hundred tiny files stand for the ten thousand: they come from one encoder, and the importer test reads them all.
        var cases = BadInputCorpus.Write(_temp.Combine("corpus"), tinyFiles: 100);
        var tensor = new float[Preprocessing.TensorLength];

        foreach (var c in cases.Where(c => c.Outcome == ExpectedOutcome.Used))
        {
            var bytes = File.ReadAllBytes(Full(c.RelativePath));
            using (var image = ImageDecoding.LoadRgb(bytes)) Assert.True(image.Width > 0 && image.Height > 0, c.Name);
            Preprocessing.BytesToBackboneTensor(bytes, tensor);
            Assert.True(tensor.All(float.IsFinite), c.Name);
        }

        using (var rotated = Decode("malignant/exif-rotated.jpg")) Assert.Equal((20, 40), (rotated.Width, rotated.Height));
        using (var alpha = Decode("malignant/alpha.png"))
        {
            Assert.Equal(new Rgb24(200, 100, 50), alpha[0, 0]);
            Assert.Equal(new Rgb24(0, 0, 0), alpha[5, 5]);
        }
        using (var gif = Decode("benign/animated.gif")) Assert.True(gif[10, 10] is { R: > 200, B: < 50 }, "first frame (red) expected");
        using (var cmyk = Decode("malignant/cmyk.jpg")) Assert.True(cmyk[4, 4] is { R: > 200, G: < 60, B: < 60 }, $"CMYK red came out as {cmyk[4, 4]}");
        using (var gray = Decode("benign/grayscale.png")) Assert.True(gray[3, 3].R == gray[3, 3].G && gray[3, 3].G == gray[3, 3].B);
        using (var deep = Decode("benign/deep-16bit.png")) Assert.Equal((30, 20), (deep.Width, deep.Height));
    }

    private SixLabors.ImageSharp.Image<Rgb24> Decode(string relative) => ImageDecoding.LoadRgb(File.ReadAllBytes(Full(relative)));

    [Fact]
    public async Task Folders_that_cannot_be_trained_on_are_refused_in_one_line()
    {
        foreach (var refusal in BadInputCorpus.WriteRefusals(_temp.Combine("refusals")))
        {
            var error = Assert.Throws<DatasetException>(() => new DatasetImporter(new StudioLimits()).Import(refusal.Folder).EnsureTrainable());
            Assert.Contains(refusal.Message, error.Message);

            var (code, output, stderr) = await Cli("train", refusal.Folder, "--out", _temp.Combine("model"), "--json");
            Assert.Equal(1, code);
            Assert.Equal("", output);
            Assert.StartsWith("error: ", stderr);
            Assert.Contains(refusal.Message, stderr);
            Assert.Single(stderr.Trim().Split('\n'));
        }
    }

    [Fact]
    public async Task Train_json_names_every_file_that_was_not_used_with_its_reason()
    {
        // Without the 10,000 tiny files: they would only make the backbone run longer, and the importer test covers them.
        var cases = BadInputCorpus.Write(_temp.Combine("corpus"), tinyFiles: 0);

        var (code, output, stderr) = await Cli("train", _temp.Combine("corpus"), "--out", _temp.Combine("model"), "--json",
            "--epochs", "4", "--hidden", "8", "--augment", "off", "--tta", "off", "--seed", "1");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        var skipped = root.GetProperty("skipped").EnumerateArray()
            .ToDictionary(s => s.GetProperty("path").GetString()!, s => s.GetProperty("reason").GetString()!);
        var expectedSkipped = cases.Where(c => c.Outcome == ExpectedOutcome.Skipped).ToArray();
        Assert.Equal(expectedSkipped.Select(c => Full(c.RelativePath)).Order(StringComparer.Ordinal), skipped.Keys.Order(StringComparer.Ordinal));
        Assert.All(expectedSkipped, c => Assert.Contains(c.Reason!, skipped[Full(c.RelativePath)]));
        Assert.All(expectedSkipped, c => Assert.Contains($"skipped: {Full(c.RelativePath)}: ", stderr));

        var duplicates = root.GetProperty("duplicates").EnumerateArray().SelectMany(d => d.GetProperty("duplicates").EnumerateArray()).Select(p => p.GetString()).ToArray();
        Assert.Equal(cases.Where(c => c.Outcome == ExpectedOutcome.Duplicate).Select(c => Full(c.RelativePath)), duplicates);
        var conflicts = root.GetProperty("conflicts").EnumerateArray().SelectMany(d => d.GetProperty("paths").EnumerateArray()).Select(p => p.GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(cases.Where(c => c.Outcome == ExpectedOutcome.Conflict).Select(c => Full(c.RelativePath)).Order(StringComparer.Ordinal), conflicts);
        // The human-readable lines on stderr name the same files.
        Assert.All(duplicates, d => Assert.Contains($"duplicate: {d}: ", stderr));
        Assert.All(conflicts, c => Assert.Contains(c!, stderr.Split('\n').Single(l => l.StartsWith("conflict: ") && l.Contains(c!))));

        int usedCount = root.GetProperty("counts").EnumerateArray().Sum(c => c.GetProperty("count").GetInt32());
        Assert.Equal(cases.Count(c => c.Outcome == ExpectedOutcome.Used), usedCount);
        Assert.Equal(cases.Count, usedCount + skipped.Count + duplicates.Length + conflicts.Count());
    }

    private async Task<(int Code, string Out, string Error)> Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await StudioCli.RunAsync([.. args, "--workspace", _temp.Combine("ws")], stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
