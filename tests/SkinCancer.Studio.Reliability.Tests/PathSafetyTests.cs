using System.Net;
using System.Text.Json;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Training;
using SkinCancer.Studio.Web.Uploads;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>Whatever path or id a request carries, nothing outside the workspace (or another project) is read or written.</summary>
public sealed class PathSafetyTests : IDisposable
{
    private readonly StudioFactory _studio = new();
    private readonly string _projectA;
    private readonly string _projectB;
    private readonly string _secretFile;

    public PathSafetyTests()
    {
        _projectA = _studio.Catalogue.Projects.Create("a").Id;
        _projectB = _studio.Catalogue.Projects.Create("b").Id;
        // A file beside the workspace, the natural target of "../": it must never be served or overwritten.
        _secretFile = Path.Combine(_studio.Root, "outside.png");
        File.WriteAllBytes(_secretFile, GeneratedImages.Png(99));
    }

    public void Dispose() => _studio.Dispose();

    public static TheoryData<string> HostileIds => new()
    {
        "..", "%2e%2e", "..%2F..", "..%2f..%2foutside.png", "%2Ftmp", "%2e%2e%2F%2e%2e", "..%5C..", "C:%5Cwindows", "%2Fetc%2Fpasswd",
    };

    [Theory]
    [MemberData(nameof(HostileIds))]
    public async Task Hostile_ids_in_read_urls_find_nothing(string id)
    {
        using var client = _studio.Client(followRedirects: false);
        var urls = new[]
        {
            $"/api/projects/{id}/images/1/thumbnail",
            $"/api/projects/{_projectA}/runs/{id}/model.zip",
            $"/api/projects/{id}/runs/{id}/model.zip",
            $"/api/projects/{_projectA}/evaluations/{id}/images/0/thumbnail",
        };
        foreach (var url in urls)
        {
            var response = await client.GetAsync(url);
            Assert.False(response.IsSuccessStatusCode, $"{url} answered {response.StatusCode}");
        }
    }

    [Theory]
    [MemberData(nameof(HostileIds))]
    public async Task Hostile_ids_in_upload_urls_write_nothing(string id)
    {
        using var client = _studio.Client(followRedirects: false);
        foreach (var url in new[] { $"/api/projects/{id}/images", $"/api/projects/{_projectA}/testsets/{id}" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = StudioFactory.Form(("benign/a.png", GeneratedImages.Png(1))) };
            request.Headers.Add(global::SkinCancer.Studio.Web.Uploads.UploadHeaderFilter.RequiredHeader, "1");
            var response = await client.SendAsync(request);
            Assert.False(response.IsSuccessStatusCode, $"{url} answered {response.StatusCode}");
        }
        AssertNothingOutsideWorkspace();
        Assert.Empty(_studio.Catalogue.Images.List(_projectA));
    }

    [Fact]
    public async Task Hostile_file_names_in_an_upload_stay_inside_the_project()
    {
        using var client = _studio.Client();
        string[] names =
        [
            "../outside.png", "../../outside.png", "benign/../../../outside.png", "benign/../../outside.png", $"{_studio.Root}/outside.png",
            "/tmp/studio-reliability-escape.png", "..\\..\\outside.png", "C:\\outside.png", "benign/..%2F..%2Foutside.png", "%2e%2e/outside.png",
        ];
        using var request = StudioFactory.Upload(_projectA, StudioFactory.Form(names.Select((n, i) => (n, GeneratedImages.Png(i + 10))).ToArray()));

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = JsonSerializer.Deserialize<UploadBatchResult>(await response.Content.ReadAsStringAsync(), StudioJson.Options)!;
        Assert.Equal(names.Length, result.Outcomes.Count);
        Assert.All(result.Outcomes.Where(o => o.Status != IngestStatus.Added), o => Assert.False(string.IsNullOrEmpty(o.Reason)));
        Assert.False(File.Exists("/tmp/studio-reliability-escape.png"));
        AssertNothingOutsideWorkspace();
        foreach (var image in _studio.Catalogue.Images.List(_projectA))
        {
            Assert.True(ProjectFolders.Contains(_studio.Folders.Images(_projectA), Path.Combine(_studio.Folders.Label(_projectA, image.Label), image.StoredName)));
        }
    }

    [Fact]
    public async Task Another_projects_images_and_models_are_not_reachable_through_this_project()
    {
        using var client = _studio.Client();
        using (var upload = StudioFactory.Upload(_projectA, StudioFactory.Form(("benign/a.png", GeneratedImages.Png(1)))))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(upload)).StatusCode);
        }
        var image = Assert.Single(_studio.Catalogue.Images.List(_projectA));
        var run = _studio.Catalogue.Runs.Create(_projectA, new TrainingOptions(), ["benign"], 1);
        _studio.Catalogue.Runs.MarkEnded(run.Id, RunStatus.Completed, null);
        var model = _studio.Folders.Model(_projectA, run.Id);
        Directory.CreateDirectory(model);
        File.WriteAllText(Path.Combine(model, ModelPackage.MetadataFile), "{}");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/projects/{_projectA}/images/{image.Id}/thumbnail")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/projects/{_projectA}/runs/{run.Id}/model.zip")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/projects/{_projectB}/images/{image.Id}/thumbnail")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/projects/{_projectB}/runs/{run.Id}/model.zip")).StatusCode);
    }

    private void AssertNothingOutsideWorkspace()
    {
        Assert.Equal([_secretFile], _studio.FilesOutsideWorkspace());
        Assert.Equal(GeneratedImages.Png(99), File.ReadAllBytes(_secretFile));
    }
}
