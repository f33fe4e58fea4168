using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SkinCancer.Studio.Core.Catalogue;

namespace SkinCancer.Studio.Tests.Api;

/// <summary>
/// Bad requests against the real studio on loopback: unknown ids, bad options, wrong content types, oversized bodies,
/// conflicts, wrong methods and routes. Each gets RFC 9457 problem details with its status and a detail that says what
/// was wrong, and leaves what the studio stored exactly as it was.
/// </summary>
public sealed class ApiProblemTests : ApiStudioTest
{
    private string _projectId = "";
    private string _runId = "";

    private string Api => $"/api/projects/{_projectId}";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var (api, _) = await ProjectWithShapesAsync("kept", perClass: 4);
        _projectId = api.Split('/')[^1];
        _runId = (await Studio.JsonAsync(HttpMethod.Post, $"{Api}/runs", HttpStatusCode.Accepted,
            new { epochs = 2, hiddenUnits = 8, augment = false, testTimeAugmentation = false }, uploadHeader: true)).GetProperty("id").GetString()!;
        Assert.Equal("completed", (await Studio.EventsAsync($"{Api}/runs/{_runId}/events", TimeSpan.FromMinutes(3)))[^1].Data.GetProperty("status").GetString());
    }

    /// <summary>What the project holds: its images (rows and file bytes) and its runs with their statuses.</summary>
    private (string Images, string Runs) Stored()
    {
        var catalogue = Studio.Catalogue;
        var folders = Studio.Folders;
        var images = catalogue.Images.List(_projectId)
            .Select(i => $"{i.Id} {i.Label} {i.Hash} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(folders.Label(_projectId, i.Label), i.StoredName))))}");
        var runs = catalogue.Runs.List(_projectId).Select(r => $"{r.Id} {r.Status} {r.BestEpoch}");
        return (string.Join('\n', images), string.Join('\n', runs));
    }

    [Fact]
    public async Task Every_bad_request_gets_its_problem_details_and_stored_data_is_unharmed()
    {
        var before = Stored();
        Assert.Equal(8, before.Images.Split('\n').Length);
        var studio = Studio;
        var unknown = CatalogueIds.New();
        var other = (await studio.JsonAsync(HttpMethod.Post, "/api/projects", HttpStatusCode.Created, new { name = "other" })).GetProperty("id").GetString()!;

        // Unknown ids, and ids of another project, are not found.
        Assert.Contains(unknown, await studio.ProblemAsync(HttpMethod.Get, $"/api/projects/{unknown}", HttpStatusCode.NotFound));
        Assert.Contains("no project", await studio.ProblemAsync(HttpMethod.Get, "/api/projects/..%2F..%2Fetc", HttpStatusCode.NotFound));
        Assert.Contains("no run", await studio.ProblemAsync(HttpMethod.Get, $"{Api}/runs/{unknown}", HttpStatusCode.NotFound));
        Assert.Contains("no run", await studio.ProblemAsync(HttpMethod.Get, $"/api/projects/{other}/runs/{_runId}", HttpStatusCode.NotFound));
        Assert.Contains("no run", await studio.ProblemAsync(HttpMethod.Get, $"/api/projects/{other}/runs/{_runId}/model.zip", HttpStatusCode.NotFound));
        Assert.Contains("no evaluation", await studio.ProblemAsync(HttpMethod.Get, $"{Api}/evaluations/{unknown}", HttpStatusCode.NotFound));
        Assert.Contains("no image 999999", await studio.ProblemAsync(HttpMethod.Delete, $"{Api}/images/999999", HttpStatusCode.NotFound));
        Assert.Contains("no class 'triangles'", await studio.ProblemAsync(HttpMethod.Delete, $"{Api}/classes/triangles", HttpStatusCode.NotFound));
        Assert.Contains("no test set", await studio.ProblemAsync(HttpMethod.Post, $"{Api}/runs/{_runId}/evaluations", HttpStatusCode.NotFound,
            ApiStudio.Json($$"""{"testSetId": "{{unknown}}"}""")));
        Assert.Contains("no export format 'exe'", await studio.ProblemAsync(HttpMethod.Get, $"{Api}/runs/{_runId}/export/exe.zip", HttpStatusCode.NotFound));
        Assert.Contains("no API route matches GET /api/nothing", await studio.ProblemAsync(HttpMethod.Get, "/api/nothing", HttpStatusCode.NotFound));

        // Bad training options are refused by TrainingOptions' own validation, or by binding, naming the option.
        foreach (var (json, expected) in new[]
                 {
                     ("""{"epochs": 0}""", "epochs must be between 1 and 10000"),
                     ("""{"fineTuneViews": 9}""", "fine-tune views must be between 1 and 8"),
                     ("""{"featureBlocks": "block9"}""", "block9"),
                     ("""{"epoch": 3}""", "'epoch'"),
                     ("""{"epochs": "many"}""", "$.epochs"),
                     ("""{"epochs": 3""", "request body as JSON"),
                 })
        {
            Assert.Contains(expected, await studio.ProblemAsync(HttpMethod.Post, $"{Api}/runs", HttpStatusCode.BadRequest, ApiStudio.Json(json), uploadHeader: true));
        }
        Assert.Contains("X-Studio-Upload", await studio.ProblemAsync(HttpMethod.Post, $"{Api}/runs", HttpStatusCode.BadRequest, ApiStudio.Json("{}")));
        Assert.Contains("a project needs a name", await studio.ProblemAsync(HttpMethod.Post, "/api/projects", HttpStatusCode.BadRequest, ApiStudio.Json("""{"name": " "}""")));
        Assert.Contains("slashes", await studio.ProblemAsync(HttpMethod.Patch, $"{Api}/classes/circles", HttpStatusCode.BadRequest, ApiStudio.Json("""{"name": "a/b"}""")));

        // Wrong content types.
        Assert.Contains("text/plain", await studio.ProblemAsync(HttpMethod.Post, $"{Api}/runs", HttpStatusCode.UnsupportedMediaType,
            ApiStudio.Json("epochs=3", "text/plain"), uploadHeader: true));
        Assert.Contains("application/x-www-form-urlencoded", await studio.ProblemAsync(HttpMethod.Post, "/api/projects", HttpStatusCode.UnsupportedMediaType,
            new FormUrlEncodedContent([new("name", "form")])));
        Assert.Contains("multipart/form-data", await studio.ProblemAsync(HttpMethod.Post, $"{Api}/images", HttpStatusCode.UnsupportedMediaType,
            ApiStudio.Json("""{"circles/a.png": "iVBOR"}"""), uploadHeader: true));
        Assert.Contains("multipart/form-data", await studio.ProblemAsync(HttpMethod.Post, $"{Api}/runs/{_runId}/predict", HttpStatusCode.UnsupportedMediaType,
            new ByteArrayContent([1, 2, 3]) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } }));

        // Oversized JSON bodies.
        var huge = JsonSerializer.Serialize(new { name = new string('x', 100_000) });
        Assert.Contains("too large", await studio.ProblemAsync(HttpMethod.Post, "/api/projects", HttpStatusCode.RequestEntityTooLarge, ApiStudio.Json(huge)));
        Assert.Contains("too large", await studio.ProblemAsync(HttpMethod.Post, $"{Api}/runs", HttpStatusCode.RequestEntityTooLarge,
            ApiStudio.Json(JsonSerializer.Serialize(new { featureBlocks = new string('x', 100_000) })), uploadHeader: true));

        // Conflicts and wrong methods.
        Assert.Contains("already ended (completed)", await studio.ProblemAsync(HttpMethod.Post, $"{Api}/runs/{_runId}/cancel", HttpStatusCode.Conflict));
        Assert.Contains("does not accept PUT", await studio.ProblemAsync(HttpMethod.Put, "/api/projects", HttpStatusCode.MethodNotAllowed, ApiStudio.Json("{}")));

        Assert.Equal(before, Stored());
        Assert.Equal(["kept", "other"], studio.Catalogue.Projects.List().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task A_problem_never_names_a_workspace_path_and_a_damaged_model_is_a_500_problem()
    {
        var weights = Path.Combine(Studio.Folders.Model(_projectId, _runId), Core.ModelPackages.ModelPackage.WeightsFile);
        var saved = await File.ReadAllBytesAsync(weights);
        await File.WriteAllBytesAsync(weights, saved[..100]);
        try
        {
            var detail = await Studio.ProblemAsync(HttpMethod.Post, $"{Api}/runs/{_runId}/predict", HttpStatusCode.InternalServerError,
                ApiStudio.Files([("a.png", SyntheticImages.Png(SyntheticImages.Solid(8, 8, new SixLabors.ImageSharp.PixelFormats.Rgb24(1, 2, 3))))]));
            Assert.Contains("cannot be loaded", detail);
        }
        finally
        {
            await File.WriteAllBytesAsync(weights, saved);
        }
    }
}

/// <summary>With an access secret, API clients send it as a bearer token; without it they get a 401 problem.</summary>
public sealed class ApiBearerTests : ApiStudioTest
{
    private const string Secret = "api-tests-secret-sixteen-plus";

    protected override string[] StudioArguments => ["--Studio:AccessSecret", Secret];

    [Fact]
    public async Task Api_clients_need_the_secret_as_a_bearer_token()
    {
        Assert.Contains("Bearer", await Studio.ProblemAsync(HttpMethod.Get, "/api/projects", HttpStatusCode.Unauthorized));
        var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/projects") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "not-the-secret") } };
        Assert.Contains("Bearer", await Studio.ProblemAsync(wrong, HttpStatusCode.Unauthorized));

        Studio.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Secret);
        var created = await Studio.JsonAsync(HttpMethod.Post, "/api/projects", HttpStatusCode.Created, new { name = "guarded" });
        Assert.Equal("guarded", Assert.Single((await Studio.JsonAsync(HttpMethod.Get, "/api/projects", HttpStatusCode.OK)).EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(created.GetProperty("id").GetString(), Studio.Catalogue.Projects.List().Single().Id);
    }
}
