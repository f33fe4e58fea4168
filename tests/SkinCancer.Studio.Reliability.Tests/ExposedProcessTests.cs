using System.Net;
using SkinCancer.Studio.Web.Security;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>The real app bound to every interface: it refuses to start without a secret, and with one it guards everything.</summary>
public sealed class ExposedProcessTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Binding_to_all_interfaces_without_a_secret_is_refused_with_a_message()
    {
        await using var app = StudioProcess.Start("0.0.0.0", _folder.Workspace);

        Assert.True(await app.WaitForExitAsync(TimeSpan.FromSeconds(60)), "the studio kept running");
        Assert.NotEqual(0, app.ExitCode);
        Assert.Contains($"Refusing to listen on http://0.0.0.0:{app.Port} without an access secret", app.Output);
        Assert.Contains("Studio__AccessSecret", app.Output);
    }

    [Fact]
    public async Task Binding_to_all_interfaces_with_a_secret_serves_only_signed_in_users()
    {
        await using var app = StudioProcess.Start("0.0.0.0", _folder.Workspace, "--Studio:AccessSecret", "s3cret-for-tests");
        await app.WaitUntilServingAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.LoopbackUrl) };

        var home = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal(SignInEndpoints.Path, new Uri(new Uri(app.LoopbackUrl), home.Headers.Location!).AbsolutePath);
        var thumbnail = $"/api/projects/{new string('0', 32)}/images/1/thumbnail";
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(thumbnail)).StatusCode);

        using var withToken = new HttpRequestMessage(HttpMethod.Get, thumbnail);
        withToken.Headers.Authorization = new("Bearer", "s3cret-for-tests");
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(withToken)).StatusCode);
    }
}
