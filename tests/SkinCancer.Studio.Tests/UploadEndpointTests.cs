using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Web.Uploads;

namespace SkinCancer.Studio.Tests;

/// <summary>The HTTP upload and thumbnail endpoints, in process, on a temporary workspace.</summary>
public sealed class UploadEndpointTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();
    private readonly WebApplicationFactory<Program> _factory;
    private readonly string _projectId;

    public UploadEndpointTests()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Studio:Workspace", _workspace.Path));
        _projectId = _factory.Services.GetRequiredService<StudioCatalogue>().Projects.Create("p").Id;
    }

    public void Dispose()
    {
        _factory.Dispose();
        _workspace.Dispose();
    }

    private string Png(string name, int seed) => GeneratedImages.Png(Path.Combine(_workspace.Path, "src", Guid.NewGuid().ToString("N"), name), seed);

    private static MultipartFormDataContent Form(params (string Name, string File)[] parts)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, file) in parts)
        {
            var content = new ByteArrayContent(File.ReadAllBytes(file));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "files", name);
        }
        return form;
    }

    private async Task<UploadBatchResult> PostAsync(MultipartFormDataContent form, string? projectId = null)
    {
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{projectId ?? _projectId}/images") { Content = form };
        request.Headers.Add(UploadEndpoints.RequiredHeader, "1");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonSerializer.Deserialize<UploadBatchResult>(await response.Content.ReadAsStringAsync(), StudioJson.Options)!;
    }

    [Fact]
    public async Task Files_are_stored_under_their_labels_and_everything_else_is_skipped_with_a_reason()
    {
        var text = Path.Combine(_workspace.Path, "notes.txt");
        File.WriteAllText(text, "hello");

        var result = await PostAsync(Form(
            ("benign/a.png", Png("a.png", 1)),
            ("malignant/deeper/b.png", Png("b.png", 2)),
            ("benign/notes.txt", text),
            ("../escape.png", Png("e.png", 3)),
            ("loose.png", Png("l.png", 4))));

        Assert.Equal([IngestStatus.Added, IngestStatus.Added, IngestStatus.Skipped, IngestStatus.Skipped, IngestStatus.Skipped],
            result.Outcomes.Select(o => o.Status));
        Assert.All(result.Outcomes.Where(o => o.Status == IngestStatus.Skipped), o => Assert.False(string.IsNullOrEmpty(o.Reason)));
        var folders = _factory.Services.GetRequiredService<ProjectFolders>();
        Assert.Equal(["benign", "malignant"], Directory.EnumerateDirectories(folders.Images(_projectId)).Select(Path.GetFileName).Order());
        Assert.Empty(Directory.EnumerateFiles(folders.Staging(_projectId)));
        Assert.False(File.Exists(Path.Combine(folders.Workspace, "projects", "escape.png")));
    }

    [Fact]
    public async Task A_test_set_upload_catalogues_its_images_and_reports_a_corrupt_file_and_a_non_image_by_name()
    {
        var text = Path.Combine(_workspace.Path, "notes.txt");
        File.WriteAllText(text, "hello");
        var truncated = Path.Combine(_workspace.Path, "cut.png");
        File.WriteAllBytes(truncated, File.ReadAllBytes(Png("cut.png", 7))[..300]);
        var testSetId = CatalogueIds.New();

        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{_projectId}/testsets/{testSetId}")
        {
            Content = Form(("benign/a.png", Png("a.png", 1)), ("malignant/b.png", Png("b.png", 2)), ("malignant/cut.png", truncated), ("benign/notes.txt", text)),
        };
        request.Headers.Add(UploadEndpoints.RequiredHeader, "1");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var upload = JsonSerializer.Deserialize<UploadEndpoints.TestSetUpload>(await response.Content.ReadAsStringAsync(), StudioJson.Options)!;

        Assert.Equal(testSetId, upload.TestSetId);
        var outcomes = upload.Outcomes.ToDictionary(o => o.Path);
        Assert.Equal([IngestStatus.Added, IngestStatus.Added, IngestStatus.Skipped, IngestStatus.Skipped],
            new[] { "benign/a.png", "malignant/b.png", "malignant/cut.png", "benign/notes.txt" }.Select(p => outcomes[p].Status));
        Assert.StartsWith("truncated PNG", outcomes["malignant/cut.png"].Reason);
        Assert.Equal("not an image (.txt file)", outcomes["benign/notes.txt"].Reason);

        // The summary counts the catalogue's rows: a file dropped into the folder by hand is not one of them.
        var folders = _factory.Services.GetRequiredService<ProjectFolders>();
        File.Copy(Png("stray.png", 3), Path.Combine(folders.TestSet(_projectId, testSetId), "benign", "stray.png"));
        var summary = JsonSerializer.Deserialize<JsonElement>(await client.GetStringAsync($"/api/projects/{_projectId}/testsets/{testSetId}"));
        Assert.Equal([("benign", 1), ("malignant", 1)],
            summary.GetProperty("classes").EnumerateArray().Select(c => (c.GetProperty("label").GetString(), c.GetProperty("count").GetInt32())));

        // Another project cannot add to this test set by naming its id.
        var other = _factory.Services.GetRequiredService<StudioCatalogue>().Projects.Create("other").Id;
        using var foreign = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{other}/testsets/{testSetId}") { Content = Form(("benign/c.png", Png("c.png", 4))) };
        foreign.Headers.Add(UploadEndpoints.RequiredHeader, "1");
        Assert.Equal(HttpStatusCode.Conflict, (await client.SendAsync(foreign)).StatusCode);
        Assert.Equal(2, _factory.Services.GetRequiredService<StudioCatalogue>().TestSets.CountImages(_projectId));
    }

    [Fact]
    public async Task A_zip_counts_as_a_dropped_folder()
    {
        var zipPath = Path.Combine(_workspace.Path, "set.zip");
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
        {
            zip.CreateEntryFromFile(Png("c.png", 5), "train/benign/c.png");
            zip.CreateEntryFromFile(Png("d.png", 6), "train/malignant/d.png");
        }

        var result = await PostAsync(Form(("set.zip", zipPath)));

        Assert.Equal(["benign", "malignant"], result.Outcomes.Where(o => o.Status == IngestStatus.Added).Select(o => o.Label));
    }

    [Fact]
    public async Task A_zip_of_a_folder_with_a_loose_file_beside_its_class_folders_keeps_both_classes_and_skips_the_file()
    {
        var zipPath = Path.Combine(_workspace.Path, "train.zip");
        var readme = Path.Combine(_workspace.Path, "README.txt");
        File.WriteAllText(readme, "benign and malignant lesions");
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
        {
            zip.CreateEntryFromFile(readme, "train/README.txt");
            zip.CreateEntryFromFile(Png("c.png", 7), "train/benign/c.png");
            zip.CreateEntryFromFile(Png("d.png", 8), "train/malignant/d.png");
        }

        var result = await PostAsync(Form(("train.zip", zipPath)));

        var skipped = Assert.Single(result.Outcomes, o => o.Status == IngestStatus.Skipped);
        Assert.Equal(("README.txt", "not inside a class folder (only files under a class subfolder are used)"), (skipped.Path, skipped.Reason));
        Assert.Equal(["benign", "malignant"], result.Outcomes.Where(o => o.Status == IngestStatus.Added).Select(o => o.Label));
        Assert.Equal(3, result.Outcomes.Count);
        var classes = _factory.Services.GetRequiredService<ProjectClasses>().Summaries(_projectId);
        Assert.Equal([("benign", 1), ("malignant", 1)], classes.Select(c => (c.Label, c.Count)));
    }

    [Fact]
    public async Task Uploads_without_the_studio_header_or_to_an_unknown_project_are_refused()
    {
        using var client = _factory.CreateClient();
        var withoutHeader = await client.PostAsync($"/api/projects/{_projectId}/images", Form(("benign/a.png", Png("a.png", 7))));
        Assert.Equal(HttpStatusCode.BadRequest, withoutHeader.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{CatalogueIds.New()}/images") { Content = Form(("benign/a.png", Png("a.png", 8))) };
        request.Headers.Add(UploadEndpoints.RequiredHeader, "1");
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Thumbnails_are_small_jpegs_made_on_the_server()
    {
        await PostAsync(Form(("benign/a.png", Png("a.png", 9))));
        var image = Assert.Single(_factory.Services.GetRequiredService<StudioCatalogue>().Images.List(_projectId));
        using var client = _factory.CreateClient();

        var response = await client.GetAsync($"/api/projects/{_projectId}/images/{image.Id}/thumbnail");

        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        var info = Image.Identify(await response.Content.ReadAsByteArrayAsync());
        Assert.True(info.Width <= Thumbnails.Size && info.Height <= Thumbnails.Size);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/projects/{_projectId}/images/999999/thumbnail")).StatusCode);
    }
}
