using System.Net;
using SkinCancer.Studio.Core.Catalogue;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>
/// Issue #14, defects 3 to 5 and 7, against the real process on loopback with small limits: every file a request carries
/// gets an outcome or the request stores nothing, and the limits hold across a whole request and a whole project,
/// zip entries and test sets included.
/// </summary>
public sealed class UploadHardeningTests : IAsyncLifetime
{
    private const int MaxFiles = 10;
    private const int MaxImagesPerProject = 5;
    private const long MaxUnpackedBytes = 20_000_000;
    private const long MaxProjectBytes = 40_000_000;
    private LoopbackProcess _studio = null!;

    public async Task InitializeAsync() => _studio = await LoopbackProcess.StartAsync(
        "--Studio:Limits:MaxFiles", $"{MaxFiles}", "--Studio:Limits:MaxImagesPerProject", $"{MaxImagesPerProject}",
        "--Studio:Limits:MaxUnpackedBytes", $"{MaxUnpackedBytes}", "--Studio:Limits:MaxProjectBytes", $"{MaxProjectBytes}");

    public async Task DisposeAsync() => await _studio.DisposeAsync();

    private string NewProject() => _studio.Catalogue.Projects.Create("p").Id;

    private static string NewTestSet() => CatalogueIds.New();

    private static string UrlFor(string target, string projectId) =>
        target == "images" ? Uploads.ImagesUrl(projectId) : Uploads.TestSetUrl(projectId, NewTestSet());

    private async Task<HttpResponseMessage> SendAsync(string url, HttpContent content)
    {
        using var http = _studio.Client();
        using var request = Uploads.Post(url, content);
        return await http.SendAsync(request);
    }

    private void AssertNothingStored(string projectId)
    {
        Assert.Empty(_studio.Catalogue.Images.List(projectId));
        Assert.Equal(0, TestSetFiles(projectId));
        AssertStagingEmpty(projectId);
    }

    private void AssertStagingEmpty(string projectId)
    {
        var staging = _studio.Folders.Staging(projectId);
        Assert.True(!Directory.Exists(staging) || !Directory.EnumerateFileSystemEntries(staging, "*", SearchOption.AllDirectories).Any(),
            "staging holds leftovers");
    }

    private int TestSetFiles(string projectId)
    {
        var root = Path.Combine(_studio.Folders.Project(projectId), "testsets");
        return Directory.Exists(root) ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Count() : 0;
    }

    [Fact]
    public async Task Long_names_and_long_cjk_labels_are_skipped_or_stored_and_every_file_is_reported()
    {
        var projectId = NewProject();
        var longName = $"benign/{new string('n', 300)}.png";
        var cjkLabel = $"{new string('黒', 100)}/a.png";
        var form = StudioFactory.Form(("benign/first.png", GeneratedImages.Png(1)), (longName, GeneratedImages.Png(2)), (cjkLabel, GeneratedImages.Png(3)),
            ("malignant/last.png", GeneratedImages.Png(4)));

        var outcomes = (await Uploads.OutcomesAsync(await SendAsync(Uploads.ImagesUrl(projectId), form))).ToDictionary(o => o.Path);

        Assert.Equal(4, outcomes.Count);
        Assert.Equal(IngestStatus.Added, outcomes["benign/first.png"].Status);
        Assert.Equal(IngestStatus.Added, outcomes["malignant/last.png"].Status);
        Assert.Equal(IngestStatus.Added, outcomes[longName].Status);
        Assert.Equal(IngestStatus.Skipped, outcomes[cjkLabel].Status);
        Assert.Contains("255 bytes", outcomes[cjkLabel].Reason);
        Assert.Equal(3, _studio.Catalogue.Images.List(projectId).Count);
        AssertStagingEmpty(projectId);
    }

    [Fact]
    public async Task A_test_set_file_with_a_long_cjk_name_is_stored()
    {
        var projectId = NewProject();
        var form = StudioFactory.Form(($"benign/{new string('黒', 90)}.png", GeneratedImages.Png(1)), ("malignant/b.png", GeneratedImages.Png(2)));

        var outcomes = await Uploads.OutcomesAsync(await SendAsync(Uploads.TestSetUrl(projectId, NewTestSet()), form));

        Assert.All(outcomes, o => Assert.Equal(IngestStatus.Added, o.Status));
        Assert.Equal(2, TestSetFiles(projectId));
        AssertStagingEmpty(projectId);
    }

    [Theory]
    [InlineData("images")]
    [InlineData("testset")]
    public async Task A_truncated_multipart_body_is_a_400_with_a_reason_and_stores_nothing(string target)
    {
        var projectId = NewProject();
        var url = UrlFor(target, projectId);
        var form = StudioFactory.Form(("benign/a.png", GeneratedImages.Png(1)), ("benign/b.png", GeneratedImages.Png(2)),
            ("malignant/c.png", GeneratedImages.Png(3)), ("malignant/d.png", GeneratedImages.Png(4)));

        var response = await SendAsync(url, await Uploads.TruncatedAsync(form, length => length * 3 / 4));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("multipart body cannot be read", await response.Content.ReadAsStringAsync());
        AssertNothingStored(projectId);
    }

    [Fact]
    public async Task A_garbage_multipart_body_is_a_400_with_a_reason()
    {
        var projectId = NewProject();

        var response = await SendAsync(Uploads.ImagesUrl(projectId), Uploads.Garbage());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertNothingStored(projectId);
    }

    [Theory]
    [InlineData("images")]
    [InlineData("testset")]
    public async Task Zip_entries_count_against_MaxFiles_across_the_whole_request(string target)
    {
        var projectId = NewProject();
        var url = UrlFor(target, projectId);
        var zips = Enumerable.Range(0, 9).Select(z => ($"batch-{z}.zip", Zip(Enumerable.Range(0, 10).Select(i => ($"benign/{z}-{i}.png", GeneratedImages.Png(z * 10 + i, 8))))));

        var response = await SendAsync(url, StudioFactory.Form(zips.ToArray()));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("MaxFiles", await response.Content.ReadAsStringAsync());
        AssertNothingStored(projectId);
    }

    [Fact]
    public async Task Test_sets_count_against_MaxImagesPerProject()
    {
        var projectId = NewProject();
        var first = StudioFactory.Form(Enumerable.Range(0, 3).Select(i => ($"benign/{i}.png", GeneratedImages.Png(i, 8))).ToArray());
        Assert.All(await Uploads.OutcomesAsync(await SendAsync(Uploads.TestSetUrl(projectId, NewTestSet()), first)), o => Assert.Equal(IngestStatus.Added, o.Status));

        var second = StudioFactory.Form(Enumerable.Range(10, 4).Select(i => ($"benign/{i}.png", GeneratedImages.Png(i, 8))).ToArray());
        var outcomes = await Uploads.OutcomesAsync(await SendAsync(Uploads.TestSetUrl(projectId, NewTestSet()), second));

        Assert.Equal(2, outcomes.Count(o => o.Status == IngestStatus.Added));
        Assert.All(outcomes.Where(o => o.Status != IngestStatus.Added), o => Assert.Contains("MaxImagesPerProject", o.Reason));
        Assert.Equal(MaxImagesPerProject, TestSetFiles(projectId));
        var full = await SendAsync(Uploads.TestSetUrl(projectId, NewTestSet()), StudioFactory.Form(("benign/x.png", GeneratedImages.Png(99, 8))));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, full.StatusCode);
        Assert.Equal(MaxImagesPerProject, TestSetFiles(projectId));
    }

    [Fact]
    public async Task A_zip_that_inflates_past_MaxUnpackedBytes_is_a_413_and_stores_nothing()
    {
        var projectId = NewProject();
        var bomb = HandMadeZip.Separate(entries: 5, zeros: 8_000_000);

        var response = await SendAsync(Uploads.ImagesUrl(projectId), StudioFactory.Form(("benign/a.png", GeneratedImages.Png(1)), ("bomb.zip", bomb)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("MaxUnpackedBytes", await response.Content.ReadAsStringAsync());
        AssertNothingStored(projectId);
    }

    [Fact]
    public async Task A_project_refuses_uploads_past_MaxProjectBytes()
    {
        var projectId = NewProject();
        // Test images are kept only when they are images: 15 MB bitmaps (2,240 × 2,240 pixels, uncompressed).
        for (int i = 0; i < 2; i++)
        {
            var big = StudioFactory.Form(($"benign/{i}.bmp", GeneratedImages.Bmp(i, 2240, 2240)));
            Assert.Equal(IngestStatus.Added, Assert.Single(await Uploads.OutcomesAsync(await SendAsync(Uploads.TestSetUrl(projectId, NewTestSet()), big))).Status);
        }

        var response = await SendAsync(Uploads.TestSetUrl(projectId, NewTestSet()), StudioFactory.Form(("benign/2.bmp", GeneratedImages.Bmp(2, 2240, 2240))));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("MaxProjectBytes", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, TestSetFiles(projectId));
        AssertStagingEmpty(projectId);
    }

    private static byte[] Zip(IEnumerable<(string Name, byte[] Bytes)> entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                using var entry = archive.CreateEntry(name).Open();
                entry.Write(bytes);
            }
        }
        return buffer.ToArray();
    }
}
