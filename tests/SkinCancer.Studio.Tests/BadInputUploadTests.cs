using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SkinCancer.Studio.Web.Components.Data;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Datasets;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Web.Uploads;

namespace SkinCancer.Studio.Tests;

/// <summary>
/// Issue #5's bad-input corpus through POST /api/projects/{id}/images, as the page sends it (batches) and as a .zip, plus
/// what only an upload can carry (hostile paths, zip slip, zip bomb). The outcomes follow the CLI's rules, and the
/// summary the user sees names every file that was not used.
/// </summary>
[Trait("Category", "BadInputCorpus")]
public sealed class BadInputUploadTests : IDisposable
{
    private const int FilesPerBatch = 500;
    private readonly TempWorkspace _workspace = new();
    private readonly WebApplicationFactory<Program> _factory;

    public BadInputUploadTests()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Studio:Workspace", _workspace.Path));
    }

    public void Dispose()
    {
        _factory.Dispose();
        _workspace.Dispose();
    }

    private string Corpus => Path.Combine(_workspace.Path, "corpus");

    private string NewProject() => _factory.Services.GetRequiredService<StudioCatalogue>().Projects.Create("p").Id;

    [Fact]
    public async Task The_corpus_in_batches_gets_the_cli_outcomes_and_the_summary_names_every_file_not_used()
    {
        var cases = BadInputCorpus.Write(Corpus);
        var projectId = NewProject();

        var outcomes = new List<IngestOutcome>();
        foreach (var batch in cases.OrderBy(c => c.RelativePath, StringComparer.Ordinal).Chunk(FilesPerBatch))
        {
            outcomes.AddRange(await PostAsync(projectId, batch.Select(c => (c.RelativePath, File.ReadAllBytes(FullPath(c))))));
        }

        AssertOutcomes(cases, outcomes, path => path);
        var folders = _factory.Services.GetRequiredService<ProjectFolders>();
        Assert.Empty(Directory.EnumerateFiles(folders.Staging(projectId)));
        // The studio trains on the stored images through the folder importer: every stored file passes it again.
        var stored = new DatasetImporter(new StudioLimits()).Import(folders.Images(projectId));
        Assert.Equal(UploadTally.From(outcomes).Added, stored.Images.Count);
        Assert.Equal(stored.Images.Count, _factory.Services.GetRequiredService<StudioCatalogue>().Images.Count(projectId));
        Assert.Empty(stored.Conflicts);
        Assert.Equal(cases.Count(c => c.Outcome == ExpectedOutcome.Conflict), UploadTally.From(outcomes).Conflicts);
        Assert.Empty(stored.Skipped);
        stored.EnsureTrainable();

        await AssertSummaryNamesEveryFileNotUsed(outcomes);
    }

    [Fact]
    public async Task The_corpus_as_a_zip_gets_the_same_outcomes()
    {
        var cases = BadInputCorpus.Write(Corpus, tinyFiles: 1000);
        var zip = Path.Combine(_workspace.Path, "corpus.zip");
        ZipFile.CreateFromDirectory(Corpus, zip);

        var outcomes = await PostAsync(NewProject(), [("corpus.zip", File.ReadAllBytes(zip))]);

        // An entry refused before extraction is named inside its zip; the others by their labelled path, as in a batch.
        AssertOutcomes(cases, outcomes, path => path.StartsWith("corpus.zip/", StringComparison.Ordinal) ? path["corpus.zip/".Length..] : path);
    }

    [Theory]
    [InlineData("../escape.png", "contains '..'")]
    [InlineData("benign/../../escape.png", "contains '..'")]
    [InlineData("benign/./a.png", "contains '..'")]
    [InlineData("/etc/escape.png", "absolute paths are not accepted")]
    [InlineData("C:/Users/escape.png", "absolute paths are not accepted")]
    [InlineData("\\\\server\\share\\escape.png", "absolute paths are not accepted")]
    [InlineData("loose.png", "not inside a class folder")]
    public async Task An_upload_path_that_could_leave_the_project_is_skipped_and_nothing_is_written(string name, string reason)
    {
        var projectId = NewProject();

        var outcome = Assert.Single(await PostAsync(projectId, [(name, AnyPng(1))]));

        Assert.Equal((IngestStatus.Skipped, name.Replace('\\', '/')), (outcome.Status, outcome.Path.Replace('\\', '/')));
        Assert.Contains(reason, outcome.Reason);
        Assert.Empty(Directory.EnumerateFiles(_workspace.Path, "escape.png", SearchOption.AllDirectories));
        Assert.Empty(_factory.Services.GetRequiredService<StudioCatalogue>().Images.List(projectId));
    }

    [Theory]
    [InlineData("benign/a name  with spaces .jpg")]
    [InlineData("malignant/mélanome 黒子 ✓.jpg")]
    [InlineData("benign/long-name-of-more-than-two-hundred-characters-llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllll.jpg")]
    public async Task Odd_names_sent_as_a_browser_sends_them_keep_their_name(string name)
    {
        // Browsers put the UTF-8 name in a plain filename="..." parameter, with no RFC 5987 filename* beside it.
        using var form = new MultipartFormDataContent { HeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8 };
        var content = new ByteArrayContent(AnyPng(9));
        content.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"files\"", FileName = $"\"{name}\"" };
        form.Add(content);
        var projectId = NewProject();

        var outcome = Assert.Single(await PostAsync(projectId, form));

        Assert.Equal((IngestStatus.Added, name), (outcome.Status, outcome.Path));
        Assert.Equal(name.Split('/')[^1], Assert.Single(_factory.Services.GetRequiredService<StudioCatalogue>().Images.List(projectId)).OriginalName);
    }

    [Fact]
    public async Task Zip_slip_entries_and_a_zip_bomb_are_skipped_and_the_rest_keeps_its_labels()
    {
        var zip = Path.Combine(_workspace.Path, "hostile.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            Entry(archive, "train/benign/ok.png", AnyPng(2));
            Entry(archive, "train/malignant/ok.png", AnyPng(3));
            Entry(archive, "../../escape.png", AnyPng(4));
            Entry(archive, "train/benign/../../../escape.png", AnyPng(5));
            Entry(archive, "/tmp/escape.png", AnyPng(6));
            Entry(archive, "__MACOSX/train/benign/._ok.png", [0, 5, 22, 7]);
            // Deflate turns 51 MB of zeros into about 50 KB: over the 50 MB per-file limit once inflated.
            using var bomb = archive.CreateEntry("train/benign/bomb.png", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (int i = 0; i < 51; i++) bomb.Write(zeros);
        }
        Assert.True(new FileInfo(zip).Length < 1024 * 1024);
        var projectId = NewProject();

        var outcomes = (await PostAsync(projectId, [("hostile.zip", File.ReadAllBytes(zip))])).ToDictionary(o => o.Path);

        Assert.Equal(("benign", IngestStatus.Added), (outcomes["benign/ok.png"].Label, outcomes["benign/ok.png"].Status));
        Assert.Equal(("malignant", IngestStatus.Added), (outcomes["malignant/ok.png"].Label, outcomes["malignant/ok.png"].Status));
        Assert.Contains("contains '..'", outcomes["hostile.zip/../../escape.png"].Reason);
        Assert.Contains("contains '..'", outcomes["hostile.zip/train/benign/../../../escape.png"].Reason);
        Assert.Contains("absolute path", outcomes["hostile.zip//tmp/escape.png"].Reason);
        Assert.Contains("system or hidden file", outcomes["hostile.zip/__MACOSX/train/benign/._ok.png"].Reason);
        Assert.Contains("over the 52,428,800-byte limit", outcomes["hostile.zip/benign/bomb.png"].Reason);
        Assert.Equal(7, outcomes.Count);
        Assert.All(outcomes.Values.Where(o => o.Status != IngestStatus.Added), o => Assert.Equal(IngestStatus.Skipped, o.Status));
        Assert.Empty(Directory.EnumerateFiles(_workspace.Path, "escape.png", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(_factory.Services.GetRequiredService<ProjectFolders>().Staging(projectId)));
    }

    [Fact]
    public async Task Uploads_that_leave_one_usable_class_cannot_be_trained_on()
    {
        var refusals = BadInputCorpus.WriteRefusals(Path.Combine(_workspace.Path, "refusals"));
        var folders = _factory.Services.GetRequiredService<ProjectFolders>();

        foreach (var refusal in refusals.Where(r => r.Name != BadInputCorpus.EmptyClassFolder))
        {
            var projectId = NewProject();
            var files = Directory.EnumerateFiles(refusal.Folder, "*", SearchOption.AllDirectories)
                .Select(f => (Path.GetRelativePath(refusal.Folder, f).Replace('\\', '/'), File.ReadAllBytes(f)));

            var outcomes = await PostAsync(projectId, files);

            Assert.All(outcomes.Where(o => o.Label != "benign"), o => Assert.Equal(IngestStatus.Skipped, o.Status));
            // A class whose every file was skipped never exists in the project, so training meets a one-class project.
            var error = Assert.Throws<DatasetException>(() => new DatasetImporter(new StudioLimits()).Import(folders.Images(projectId)).EnsureTrainable());
            Assert.Contains("only one class folder ('benign')", error.Message);
        }
    }

    private void AssertOutcomes(IReadOnlyList<CorpusCase> cases, IReadOnlyList<IngestOutcome> outcomes, Func<string, string> relativePath)
    {
        var raw = outcomes.ToDictionary(o => relativePath(o.Path));
        // The first copy of a conflict is added, then removed from its class by the second: the second's reason says so,
        // and once the upload is over the summary counts both as conflicts, as the CLI does.
        var conflicting = cases.Where(c => c.Outcome == ExpectedOutcome.Conflict).OrderBy(c => c.RelativePath, StringComparer.Ordinal).ToArray();
        Assert.Equal(IngestStatus.Added, raw[conflicting[0].RelativePath].Status);
        Assert.EndsWith($"ambiguous, so neither copy is used (removed from '{conflicting[0].RelativePath.Split('/')[0]}')", raw[conflicting[1].RelativePath].Reason);
        var byPath = UploadTally.Settle(outcomes).ToDictionary(o => relativePath(o.Path));
        Assert.Equal(cases.Select(c => c.RelativePath).Order(StringComparer.Ordinal), byPath.Keys.Order(StringComparer.Ordinal));
        foreach (var c in cases)
        {
            var outcome = byPath[c.RelativePath];
            var expected = c.Outcome switch
            {
                ExpectedOutcome.Used => IngestStatus.Added,
                ExpectedOutcome.Skipped => IngestStatus.Skipped,
                ExpectedOutcome.Duplicate => IngestStatus.Duplicate,
                _ => IngestStatus.Conflict,
            };
            Assert.True(expected == outcome.Status, $"{c.Name}: {c.RelativePath} was {outcome.Status} ({outcome.Reason}), expected {expected}");
            if (expected == IngestStatus.Added) Assert.Equal(c.RelativePath.Split('/')[0], outcome.Label);
            if (expected == IngestStatus.Skipped) Assert.Contains(c.Reason!, outcome.Reason);
            if (expected is IngestStatus.Duplicate or IngestStatus.Conflict) Assert.False(string.IsNullOrEmpty(outcome.Reason));
        }
    }

    private static async Task AssertSummaryNamesEveryFileNotUsed(IReadOnlyList<IngestOutcome> uploaded)
    {
        await using var context = StudioTestContext.Create();

        var summary = context.Render<UploadSummary>(p => p.Add(s => s.Outcomes, uploaded));

        var outcomes = UploadTally.Settle(uploaded);

        Assert.Equal(outcomes.Count(o => o.Status == IngestStatus.Added).ToString(), summary.Find("[data-testid=upload-added]").TextContent);
        Assert.Equal(outcomes.Count(o => o.Status == IngestStatus.Duplicate).ToString(), summary.Find("[data-testid=upload-duplicates]").TextContent);
        Assert.Equal(outcomes.Count(o => o.Status == IngestStatus.Conflict).ToString(), summary.Find("[data-testid=upload-conflicts]").TextContent);
        Assert.Equal(outcomes.Count(o => o.Status == IngestStatus.Skipped).ToString(), summary.Find("[data-testid=upload-skipped]").TextContent);
        var reasons = summary.FindAll("[data-testid=skip-reason]").Select(e => e.TextContent).ToArray();
        foreach (var skipped in outcomes.Where(o => o.Status == IngestStatus.Skipped))
        {
            Assert.Contains(reasons, r => r.Contains(skipped.Reason!) && r.Contains(skipped.Path));
        }
        var notUsed = summary.FindAll("[data-testid=not-used] li").Select(e => e.TextContent).ToArray();
        foreach (var other in outcomes.Where(o => o.Status is IngestStatus.Duplicate or IngestStatus.Conflict))
        {
            Assert.Contains($"{other.Path}: {other.Reason}", notUsed);
        }
    }

    private string FullPath(CorpusCase c) => Path.Combine([Corpus, .. c.RelativePath.Split('/')]);

    private static byte[] AnyPng(int seed)
    {
        using var image = BadInputCorpus.Pattern(seed, 16, 16);
        using var stream = new MemoryStream();
        SixLabors.ImageSharp.ImageExtensions.SaveAsPng(image, stream);
        return stream.ToArray();
    }

    private static void Entry(ZipArchive archive, string name, byte[] bytes)
    {
        using var stream = archive.CreateEntry(name).Open();
        stream.Write(bytes);
    }

    private async Task<IReadOnlyList<IngestOutcome>> PostAsync(string projectId, IEnumerable<(string Name, byte[] Bytes)> files)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "files", name);
        }
        return await PostAsync(projectId, form);
    }

    private async Task<IReadOnlyList<IngestOutcome>> PostAsync(string projectId, MultipartFormDataContent form)
    {
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{projectId}/images") { Content = form };
        request.Headers.Add(UploadEndpoints.RequiredHeader, "1");
        var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return JsonSerializer.Deserialize<UploadBatchResult>(await response.Content.ReadAsStringAsync(), StudioJson.Options)!.Outcomes;
    }
}
