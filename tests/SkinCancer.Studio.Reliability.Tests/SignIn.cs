using System.Net;
using SkinCancer.Studio.Web.Security;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>Sign-in over real HTTP, as a browser does it: the form post, and the cookie it buys.</summary>
internal static class SignIn
{
    public static Task<HttpResponseMessage> PostAsync(HttpClient http, string secret, string returnUrl = "/") =>
        http.PostAsync(SignInEndpoints.Path, new FormUrlEncodedContent([new("secret", secret), new("returnUrl", returnUrl)]));

    /// <summary>The studio-access cookie ("name=value") that the right secret buys.</summary>
    public static async Task<string> CookieAsync(HttpClient http, string secret)
    {
        var response = await PostAsync(http, secret);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var header = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(StudioAccessExtensions.CookieName + "="));
        return header.Split(';')[0];
    }

    /// <summary>The home page's status with this cookie: 200 when it signs in, 302 to the sign-in page when not.</summary>
    public static async Task<HttpStatusCode> HomeWithAsync(HttpClient http, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", cookie);
        return (await http.SendAsync(request)).StatusCode;
    }
}
