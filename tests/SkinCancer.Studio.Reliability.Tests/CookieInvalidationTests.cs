using System.Net;
using SkinCancer.Studio.Web.Security;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>
/// Issue #14, defect 2, against the real process: a sign-in cookie works only for the secret and the workspace it was
/// issued under, survives a restart of that same studio, and dies with "Sign out" even if a copy was kept.
/// </summary>
public sealed class CookieInvalidationTests : IDisposable
{
    private const string Secret = "first-secret-of-the-studio";
    private readonly TempFolder _first = new();
    private readonly TempFolder _other = new();

    public void Dispose()
    {
        _first.Dispose();
        _other.Dispose();
    }

    private static async Task<T> WithStudioAsync<T>(string workspace, string secret, Func<HttpClient, Task<T>> use)
    {
        await using var app = StudioProcess.Start("127.0.0.1", workspace, "--Studio:AccessSecret", secret);
        await app.WaitUntilServingAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(app.LoopbackUrl) };
        return await use(http);
    }

    [Fact]
    public async Task A_cookie_dies_with_its_secret_its_workspace_and_sign_out_but_survives_a_restart()
    {
        var (cookie, signedOutCopy) = await WithStudioAsync(_first.Workspace, Secret, async http =>
        {
            var cookie = await SignIn.CookieAsync(http, Secret);
            Assert.Equal(HttpStatusCode.OK, await SignIn.HomeWithAsync(http, cookie));

            var copy = await SignIn.CookieAsync(http, Secret);
            using var signOut = new HttpRequestMessage(HttpMethod.Post, SignInEndpoints.SignOutPath);
            signOut.Headers.Add("Cookie", copy);
            Assert.Equal(HttpStatusCode.Redirect, (await http.SendAsync(signOut)).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, await SignIn.HomeWithAsync(http, copy));
            Assert.Equal(HttpStatusCode.OK, await SignIn.HomeWithAsync(http, cookie));
            return (cookie, copy);
        });

        Assert.Equal(HttpStatusCode.OK, await WithStudioAsync(_first.Workspace, Secret, http => SignIn.HomeWithAsync(http, cookie)));
        Assert.Equal(HttpStatusCode.Redirect, await WithStudioAsync(_first.Workspace, Secret, http => SignIn.HomeWithAsync(http, signedOutCopy)));
        Assert.Equal(HttpStatusCode.Redirect, await WithStudioAsync(_first.Workspace, "a-new-secret-after-a-leak", http => SignIn.HomeWithAsync(http, cookie)));
        Assert.Equal(HttpStatusCode.Redirect, await WithStudioAsync(_other.Workspace, Secret, http => SignIn.HomeWithAsync(http, cookie)));
        Assert.True(Directory.EnumerateFiles(Path.Combine(_first.Workspace, "keys")).Any(), "the keys are kept in the workspace");
    }
}
