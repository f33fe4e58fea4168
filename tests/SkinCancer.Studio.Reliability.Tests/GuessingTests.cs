using System.Net;
using SkinCancer.Studio.Web.Security;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>
/// Issue #14, defect 8, against the real process: failed attempts are limited per client (bearer and sign-in alike,
/// parallel tries included), while the limit holds even the right secret waits, and a short secret is refused at start.
/// </summary>
public sealed class GuessingTests : IAsyncLifetime
{
    private const string Secret = "the-right-secret-for-guessing";
    private LoopbackProcess _studio = null!;

    public async Task InitializeAsync() => _studio = await LoopbackProcess.StartAsync("--Studio:AccessSecret", Secret);

    public async Task DisposeAsync() => await _studio.DisposeAsync();

    private async Task<HttpResponseMessage> BearerAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/projects/{_studio.ProjectId}/images/1/thumbnail");
        request.Headers.Authorization = new("Bearer", token);
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task Parallel_wrong_bearer_tokens_and_sign_ins_get_429_once_the_failure_budget_is_spent()
    {
        using var http = _studio.Client();
        var started = DateTime.UtcNow;

        var bearers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => BearerAsync(http, $"guess-{i}")));
        var signIns = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => SignIn.PostAsync(http, $"guess-{i}")));
        var right = await BearerAsync(http, Secret);
        var elapsed = DateTime.UtcNow - started;

        var refused = bearers.Concat(signIns).Count(r => r.StatusCode == HttpStatusCode.Unauthorized);
        int budget = FailedAccessLimiter.Burst + (int)(elapsed / FailedAccessLimiter.Refill) + 1;
        Assert.True(refused <= budget, $"{refused} wrong secrets were checked in {elapsed.TotalSeconds:0.0} s (budget {budget})");
        Assert.All(bearers.Concat(signIns), r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
        var limited = bearers.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);

        await Task.Delay(FailedAccessLimiter.Refill + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.NotFound, (await BearerAsync(http, Secret)).StatusCode);
    }

    [Theory]
    [InlineData("/\t/evil.example/x", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/projects\r\nSet-Cookie: x=1", "/")]
    [InlineData("/caf\u00e9/\u9ed2", "/caf%C3%A9/%E9%BB%92")]
    [InlineData("/?page=2", "/?page=2")]
    public async Task The_right_secret_always_signs_in_and_only_a_local_return_path_is_followed(string returnUrl, string location)
    {
        using var http = _studio.Client();
        // Sent form-encoded, as a browser does: the tab arrives as "%09" (the probe's "returnUrl=/%09/host").
        var response = await SignIn.PostAsync(http, Secret, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("fifteen-chars!!")]
    public async Task A_secret_shorter_than_sixteen_characters_is_refused_at_start(string secret)
    {
        using var folder = new TempFolder();
        await using var app = StudioProcess.Start("0.0.0.0", folder.Workspace, "--Studio:AccessSecret", secret);

        Assert.True(await app.WaitForExitAsync(TimeSpan.FromSeconds(60)), "the studio kept running");
        Assert.NotEqual(0, app.ExitCode);
        Assert.Contains($"at least {AccessOptions.MinimumSecretLength} characters", app.Output);
    }
}
