using System.Net;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Web.Security;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>
/// The bad-input corpus's requests (issue #14): what only an HTTP client can send, each with the answer the studio
/// promises and the proof that nothing was stored. Run against a real studio on loopback, one open (no secret) and one
/// guarded by a secret, by <see cref="HostileRequestCorpusTests"/>; the file corpus (tests/Shared/BadInputCorpus.cs)
/// runs through the CLI and the upload endpoint.
/// </summary>
internal static class HostileRequestCorpus
{
    public const string Secret = "corpus-secret-sixteen-plus";

    public sealed record Case(string Name, Func<LoopbackProcess, LoopbackProcess, Task> Run);

    public static readonly IReadOnlyList<Case> Cases =
    [
        new("DNS rebinding: an upload with a foreign Host", async (open, _) =>
        {
            var projectId = open.Catalogue.Projects.Create("rebinding").Id;
            using var http = open.Client();
            using var request = StudioFactory.Upload(projectId, StudioFactory.Form(("benign/a.png", GeneratedImages.Png(1))));
            request.Headers.Host = $"attacker.example:{open.App.Port}";
            Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(request)).StatusCode);
            Assert.Empty(open.Catalogue.Images.List(projectId));
        }),
        new("DNS rebinding: model.zip fetched under a foreign Host", async (open, _) =>
        {
            using var http = open.Client();
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/projects/{open.ProjectId}/runs/{CatalogueIds.New()}/model.zip");
            request.Headers.Host = $"attacker.example:{open.App.Port}";
            Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(request)).StatusCode);
        }),
        new("cross-origin: a WebSocket to the Blazor hub from another site", async (open, _) =>
        {
            using var socket = new System.Net.WebSockets.ClientWebSocket();
            socket.Options.CollectHttpResponseDetails = true;
            socket.Options.SetRequestHeader("Origin", "http://evil.example");
            await Assert.ThrowsAnyAsync<System.Net.WebSockets.WebSocketException>(() =>
                socket.ConnectAsync(new Uri($"ws://127.0.0.1:{open.App.Port}{OriginCheck.HubPath}"), CancellationToken.None));
            Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
        }),
        new("cookie invalidation: a copy of a signed-out cookie", async (_, guarded) =>
        {
            using var http = guarded.Client();
            var cookie = await SignIn.CookieAsync(http, Secret);
            using var signOut = new HttpRequestMessage(HttpMethod.Post, SignInEndpoints.SignOutPath) { Headers = { { "Cookie", cookie } } };
            await http.SendAsync(signOut);
            Assert.Equal(HttpStatusCode.Redirect, await SignIn.HomeWithAsync(http, cookie));
        }),
        new("an overlapping-entry zip bomb", async (open, _) =>
        {
            var projectId = open.Catalogue.Projects.Create("bomb").Id;
            var response = await SendAsync(open, Uploads.ImagesUrl(projectId), StudioFactory.Form(("bomb.zip", HandMadeZip.Overlapping(2000, 10_000_000))));
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Empty(open.Catalogue.Images.List(projectId));
        }),
        new("a truncated multipart body", async (open, _) =>
        {
            var projectId = open.Catalogue.Projects.Create("truncated").Id;
            var form = StudioFactory.Form(("benign/a.png", GeneratedImages.Png(1)), ("benign/b.png", GeneratedImages.Png(2)));
            var response = await SendAsync(open, Uploads.ImagesUrl(projectId), await Uploads.TruncatedAsync(form, n => n - 10));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Empty(open.Catalogue.Images.List(projectId));
        }),
        new("a file name of 300 bytes", async (open, _) =>
        {
            var projectId = open.Catalogue.Projects.Create("long name").Id;
            var name = $"benign/{new string('n', 300)}.png";
            var outcomes = await Uploads.OutcomesAsync(await SendAsync(open, Uploads.ImagesUrl(projectId), StudioFactory.Form((name, GeneratedImages.Png(5)))));
            Assert.Equal(IngestStatus.Added, Assert.Single(outcomes).Status);
            Assert.Single(open.Catalogue.Images.List(projectId));
        }),
    ];

    private static async Task<HttpResponseMessage> SendAsync(LoopbackProcess studio, string url, HttpContent content)
    {
        using var http = studio.Client();
        using var request = Uploads.Post(url, content);
        return await http.SendAsync(request);
    }
}

/// <summary>Two real studios on loopback for the corpus: one open, one guarded by <see cref="HostileRequestCorpus.Secret"/>.</summary>
public sealed class CorpusStudios : IAsyncLifetime
{
    internal LoopbackProcess Open { get; private set; } = null!;
    internal LoopbackProcess Guarded { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Open = await LoopbackProcess.StartAsync();
        Guarded = await LoopbackProcess.StartAsync("--Studio:AccessSecret", HostileRequestCorpus.Secret);
    }

    public async Task DisposeAsync()
    {
        await Open.DisposeAsync();
        await Guarded.DisposeAsync();
    }
}

[Trait("Category", "BadInputCorpus")]
public sealed class HostileRequestCorpusTests(CorpusStudios studios) : IClassFixture<CorpusStudios>
{
    public static TheoryData<string> Names => new(HostileRequestCorpus.Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public Task Each_hostile_request_gets_its_promised_answer_and_stores_nothing(string name) =>
        HostileRequestCorpus.Cases.Single(c => c.Name == name).Run(studios.Open, studios.Guarded);
}
