using System.Net;
using SkinCancer.Studio.Core.Catalogue;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>Each configured limit, exceeded over HTTP: a 413 with a plain-text reason, and the stored image still intact.</summary>
public sealed class UploadLimitTests : IDisposable
{
    private readonly StudioFactory _studio = new(
        ("Studio:Limits:MaxFiles", "3"),
        ("Studio:Limits:MaxFileBytes", "20000"),
        ("Studio:Limits:MaxUploadBytes", "60000"),
        ("Studio:Limits:MaxImagesPerProject", "2"));
    private readonly string _projectId;
    private readonly ImageRecord _stored;
    private readonly byte[] _storedBytes;

    public UploadLimitTests()
    {
        _projectId = _studio.Catalogue.Projects.Create("p").Id;
        using var client = _studio.Client();
        using var first = StudioFactory.Upload(_projectId, StudioFactory.Form(("benign/a.png", GeneratedImages.Png(1))));
        Assert.Equal(HttpStatusCode.OK, client.SendAsync(first).GetAwaiter().GetResult().StatusCode);
        _stored = Assert.Single(_studio.Catalogue.Images.List(_projectId));
        _storedBytes = File.ReadAllBytes(StoredPath);
    }

    public void Dispose() => _studio.Dispose();

    private string StoredPath => Path.Combine(_studio.Folders.Label(_projectId, _stored.Label), _stored.StoredName);

    private async Task AssertRefusedAsync(MultipartFormDataContent form, string expectedText)
    {
        using var client = _studio.Client();
        using var request = StudioFactory.Upload(_projectId, form);
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expectedText, await response.Content.ReadAsStringAsync());
        Assert.Equal(_stored, Assert.Single(_studio.Catalogue.Images.List(_projectId)));
        Assert.Equal(_storedBytes, File.ReadAllBytes(StoredPath));
        Assert.Empty(Directory.EnumerateFiles(_studio.Folders.Staging(_projectId)));
    }

    [Fact]
    public Task A_file_over_MaxFileBytes_is_refused() =>
        AssertRefusedAsync(StudioFactory.Form(("benign/big.png", new byte[30000])), "MaxFileBytes");

    [Fact]
    public Task More_files_than_MaxFiles_are_refused() =>
        AssertRefusedAsync(StudioFactory.Form(("benign/x.txt", [1]), ("benign/y.txt", [2]), ("benign/z.txt", [3]), ("benign/w.txt", [4])), "MaxFiles");

    [Fact]
    public Task An_upload_over_MaxUploadBytes_is_refused() =>
        AssertRefusedAsync(StudioFactory.Form(("benign/b.bin", new byte[19000]), ("benign/c.bin", new byte[19000]), ("benign/d.bin", new byte[19000]),
            ("benign/e.bin", new byte[19000])), "MaxUploadBytes");

    [Fact]
    public async Task A_full_project_refuses_more_images()
    {
        using var client = _studio.Client();
        using var second = StudioFactory.Upload(_projectId, StudioFactory.Form(("benign/b.png", GeneratedImages.Png(2))));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(second)).StatusCode);
        var before = _studio.Catalogue.Images.List(_projectId);

        using var third = StudioFactory.Upload(_projectId, StudioFactory.Form(("benign/c.png", GeneratedImages.Png(3))));
        var response = await client.SendAsync(third);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("MaxImagesPerProject", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, _studio.Catalogue.Images.List(_projectId));
    }

    [Fact]
    public async Task An_upload_without_the_studio_header_is_a_400_with_text()
    {
        using var client = _studio.Client();
        var response = await client.PostAsync($"/api/projects/{_projectId}/images", StudioFactory.Form(("benign/c.png", GeneratedImages.Png(3))));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("X-Studio-Upload", await response.Content.ReadAsStringAsync());
    }
}
