using SixLabors.ImageSharp.PixelFormats;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Configuration;

namespace SkinCancer.Studio.Core.Tests;

/// <summary>
/// Uploaded test images are read, checked and hashed once, when they come in: usable ones are stored and catalogued,
/// anything else is reported by name with its reason and kept nowhere.
/// </summary>
public sealed class TestSetIngestTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly StudioCatalogue _catalogue;
    private readonly ProjectFolders _folders;
    private readonly string _project;
    private readonly string _testSet = CatalogueIds.New();

    public TestSetIngestTests()
    {
        var workspace = _temp.Combine("ws");
        _catalogue = new StudioCatalogue(workspace);
        _folders = new ProjectFolders(workspace);
        _project = _catalogue.Projects.Create("p").Id;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    private static byte[] Drawn(int seed, bool circle = true) =>
        SyntheticImages.Png(SyntheticImages.Shape(circle, new Rgb24(200, (byte)(10 * seed), 40), seed, size: 48));

    private IngestOutcome Upload(TestSetIngest ingest, string relativePath, byte[] bytes)
    {
        var staged = _temp.Combine(CatalogueIds.New());
        File.WriteAllBytes(staged, bytes);
        var outcome = ingest.Add(_project, _testSet, staged, UploadPath.Parse(relativePath).Path!);
        Assert.False(File.Exists(staged), "the staged file is left behind");
        return outcome;
    }

    private string[] FilesOnDisk() => Directory.Exists(_folders.TestSet(_project, _testSet))
        ? Directory.EnumerateFiles(_folders.TestSet(_project, _testSet), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_folders.TestSet(_project, _testSet), f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray()
        : [];

    [Fact]
    public void Drawn_images_are_catalogued_with_hash_and_size_and_a_corrupt_file_and_a_non_image_are_reported_by_name()
    {
        var ingest = new TestSetIngest(_catalogue, _folders, new StudioLimits());
        var circle = Drawn(1);
        var truncated = Drawn(2)[..400];

        var outcomes = new[]
        {
            Upload(ingest, "circles/sub/c1.png", circle),
            Upload(ingest, "squares/s1.png", Drawn(3, circle: false)),
            Upload(ingest, "circles/cut.png", truncated),
            Upload(ingest, "squares/notes.txt", "not a picture"u8.ToArray()),
            Upload(ingest, "squares/fake.png", "GIF89 but not really"u8.ToArray()),
        }.ToDictionary(o => o.Path);

        Assert.Equal(IngestStatus.Added, outcomes["circles/sub/c1.png"].Status);
        Assert.Equal(IngestStatus.Added, outcomes["squares/s1.png"].Status);
        Assert.Equal((IngestStatus.Skipped, "truncated PNG (the file ends before the image does)"), (outcomes["circles/cut.png"].Status, outcomes["circles/cut.png"].Reason));
        Assert.Equal((IngestStatus.Skipped, "not an image (.txt file)"), (outcomes["squares/notes.txt"].Status, outcomes["squares/notes.txt"].Reason));
        Assert.Equal(IngestStatus.Skipped, outcomes["squares/fake.png"].Status);
        Assert.StartsWith("not an image", outcomes["squares/fake.png"].Reason);

        var rows = _catalogue.TestSets.List(_project, _testSet);
        Assert.Equal(["circles/c1.png", "squares/s1.png"], rows.Select(r => r.StoredPath));
        var c1 = rows[0];
        Assert.Equal(("circles", "circles/sub/c1.png", outcomes["circles/sub/c1.png"].Hash, (long)circle.Length, 48, 48),
            (c1.Label, c1.OriginalName, c1.Hash, c1.Bytes, c1.Width, c1.Height));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(circle)), c1.Hash);
        // Only what was catalogued is kept: refused files are not stored at all.
        Assert.Equal(["circles/c1.png", "squares/s1.png"], FilesOnDisk());
    }

    [Fact]
    public void A_repeated_image_is_a_duplicate_or_a_conflict_scored_under_no_label_and_a_repeated_name_gets_its_own_file()
    {
        var ingest = new TestSetIngest(_catalogue, _folders, new StudioLimits());
        Assert.Equal(IngestStatus.Added, Upload(ingest, "circles/a.png", Drawn(1)).Status);
        Assert.Equal(IngestStatus.Added, Upload(ingest, "circles/b.png", Drawn(2)).Status);

        var duplicate = Upload(ingest, "circles/copy.png", Drawn(1));
        var sameName = Upload(ingest, "circles/a.png", Drawn(3));
        Assert.Equal(IngestStatus.Duplicate, duplicate.Status);
        Assert.Contains("'circles/a.png'", duplicate.Reason);
        Assert.Equal(IngestStatus.Added, sameName.Status);
        Assert.Equal(3, FilesOnDisk().Length);

        // The same content under another label: neither copy is scored, the held one is removed, a third is refused.
        var conflict = Upload(ingest, "squares/copy.png", Drawn(1));
        var third = Upload(ingest, "circles/third.png", Drawn(1));
        Assert.Equal(IngestStatus.Conflict, conflict.Status);
        Assert.Equal("the same image is also in this test set's class 'circles' ('circles/a.png'): ambiguous, so neither copy is scored (removed from 'circles')", conflict.Reason);
        Assert.Equal(IngestStatus.Conflict, third.Status);
        Assert.Contains("classes 'circles' and 'squares'", third.Reason);

        var rows = _catalogue.TestSets.List(_project, _testSet);
        Assert.Equal(2, rows.Count);
        Assert.DoesNotContain(rows, r => r.Hash == duplicate.Hash);
        Assert.Equal(rows.Select(r => r.StoredPath).Order(StringComparer.Ordinal), FilesOnDisk());
    }

    [Fact]
    public void The_projects_test_images_are_counted_in_the_catalogue_against_MaxImagesPerProject()
    {
        var limits = new StudioLimits { MaxImagesPerProject = 2 };
        var ingest = new TestSetIngest(_catalogue, _folders, limits);
        // Training images are counted apart: a full training set does not stop test images.
        var training = new ImageIngest(_catalogue, _folders, limits);
        for (int i = 0; i < 2; i++)
        {
            var staged = _temp.Combine($"train{i}.png");
            File.WriteAllBytes(staged, Drawn(50 + i));
            Assert.Equal(IngestStatus.Added, training.Add(_project, staged, UploadPath.Parse($"circles/t{i}.png").Path!).Status);
        }

        var outcomes = Enumerable.Range(0, 3).Select(i => Upload(ingest, $"circles/{i}.png", Drawn(i))).ToArray();

        Assert.Equal([IngestStatus.Added, IngestStatus.Added, IngestStatus.Skipped], outcomes.Select(o => o.Status));
        Assert.Contains("Studio:Limits:MaxImagesPerProject", outcomes[2].Reason);
        Assert.Equal(2, _catalogue.TestSets.CountImages(_project));
        // A file dropped into the folder by hand is no test image of the catalogue's, and does not count.
        File.WriteAllBytes(Path.Combine(_folders.TestSet(_project, _testSet), "circles", "stray.png"), Drawn(9));
        Assert.Equal(2, _catalogue.TestSets.CountImages(_project));
    }
}
