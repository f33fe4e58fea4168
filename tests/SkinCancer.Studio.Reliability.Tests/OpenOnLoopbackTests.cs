using System.Net;
using SkinCancer.Studio.Web.Security;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>Without a secret (the loopback default) nothing asks to sign in, and every response carries the security headers.</summary>
public sealed class OpenOnLoopbackTests : IDisposable
{
    private readonly StudioFactory _studio = new();

    public void Dispose() => _studio.Dispose();

    [Theory]
    [InlineData("/")]
    [InlineData("/app.css")]
    [InlineData("/api/projects/00000000000000000000000000000000/images/1/thumbnail")]
    [InlineData("/no/such/page")]
    public async Task Responses_carry_the_security_headers(string path)
    {
        using var client = _studio.Client(followRedirects: false);
        var response = await client.GetAsync(path);

        Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("same-origin", Header(response, "Cross-Origin-Opener-Policy"));
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Header(response, "Content-Security-Policy"));
    }

    [Fact]
    public async Task Only_the_exported_web_app_under_try_may_evaluate_strings_as_script()
    {
        using var client = _studio.Client(followRedirects: false);

        var webApp = await client.GetAsync("/try/00000000000000000000000000000000/00000000000000000000000000000000/");
        var studio = await client.GetAsync("/trying");

        Assert.Equal(SecurityHeaders.WebAppContentSecurityPolicy, Header(webApp, "Content-Security-Policy"));
        Assert.Contains("'unsafe-eval'", SecurityHeaders.WebAppContentSecurityPolicy);
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Header(studio, "Content-Security-Policy"));
        Assert.DoesNotContain("unsafe-eval", SecurityHeaders.ContentSecurityPolicy);
    }

    [Fact]
    public async Task The_sign_in_page_is_not_needed_and_sends_you_home()
    {
        using var client = _studio.Client(followRedirects: false);
        var response = await client.GetAsync(SignInEndpoints.Path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;
}
