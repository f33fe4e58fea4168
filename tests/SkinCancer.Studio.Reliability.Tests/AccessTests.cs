using System.Net;
using SkinCancer.Studio.Web.Security;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>With an access secret configured: the UI asks to sign in, the API wants the cookie or the bearer secret.</summary>
public sealed class AccessTests : IDisposable
{
    private const string Secret = "correct horse battery staple";
    private readonly StudioFactory _studio = new(("Studio:AccessSecret", Secret));
    private readonly string _projectId;

    public AccessTests() => _projectId = _studio.Catalogue.Projects.Create("p").Id;

    public void Dispose() => _studio.Dispose();

    private string ThumbnailUrl => $"/api/projects/{_projectId}/images/1/thumbnail";

    [Fact]
    public async Task The_api_answers_401_without_the_secret_and_works_with_the_bearer_token()
    {
        using var client = _studio.Client(followRedirects: false);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(ThumbnailUrl)).StatusCode);
        using (var anonymous = StudioFactory.Upload(_projectId, StudioFactory.Form(("benign/a.png", GeneratedImages.Png(1)))))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(anonymous)).StatusCode);
        }
        using (var wrong = StudioFactory.Upload(_projectId, StudioFactory.Form(("benign/a.png", GeneratedImages.Png(1))), bearer: "guess"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);
        }
        Assert.Empty(_studio.Catalogue.Images.List(_projectId));

        using var upload = StudioFactory.Upload(_projectId, StudioFactory.Form(("benign/a.png", GeneratedImages.Png(1))), bearer: Secret);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(upload)).StatusCode);
        var image = Assert.Single(_studio.Catalogue.Images.List(_projectId));
        using var thumbnail = new HttpRequestMessage(HttpMethod.Get, $"/api/projects/{_projectId}/images/{image.Id}/thumbnail");
        thumbnail.Headers.Authorization = new("Bearer", Secret);
        var response = await client.SendAsync(thumbnail);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_ui_redirects_to_sign_in_and_the_secret_buys_a_strict_http_only_cookie()
    {
        using var client = _studio.Client(followRedirects: false);

        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith(SignInEndpoints.Path, home.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(SignInEndpoints.Path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/_blazor/negotiate?negotiateVersion=1", null)).StatusCode);

        var refused = await client.PostAsync(SignInEndpoints.Path, new FormUrlEncodedContent([new("secret", "guess"), new("returnUrl", "/")]));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Set-Cookie"));

        var signedIn = await client.PostAsync(SignInEndpoints.Path, new FormUrlEncodedContent([new("secret", Secret), new("returnUrl", "//evil.example/")]));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(StudioAccessExtensions.CookieName + "="));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(ThumbnailUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/_blazor/negotiate?negotiateVersion=1", null)).StatusCode);

        var signedOut = await client.PostAsync(SignInEndpoints.SignOutPath, null);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }
}
