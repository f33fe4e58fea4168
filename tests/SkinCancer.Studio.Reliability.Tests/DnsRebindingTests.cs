using System.Net;
using System.Net.WebSockets;
using SkinCancer.Studio.Web.Security;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>
/// Issue #14, defect 1: a page that rebinds its own name to 127.0.0.1, or any other site's page, against the real studio
/// on loopback without a secret. Only loopback names on the studio's own port are served, and no other origin may change
/// anything or open the Blazor circuit.
/// </summary>
public sealed class DnsRebindingTests : IAsyncLifetime
{
    private LoopbackProcess _studio = null!;

    public async Task InitializeAsync() => _studio = await LoopbackProcess.StartAsync();

    public async Task DisposeAsync() => await _studio.DisposeAsync();

    private HttpRequestMessage Upload(string? host = null, string? origin = null)
    {
        var request = StudioFactory.Upload(_studio.ProjectId, StudioFactory.Form(("benign/a.png", GeneratedImages.Png(1))));
        if (host is not null) request.Headers.Host = host;
        if (origin is not null) request.Headers.Add("Origin", origin);
        return request;
    }

    [Theory]
    [InlineData("attacker.example:{port}")]
    [InlineData("attacker.example")]
    [InlineData("127.0.0.1.nip.io:{port}")]
    [InlineData("localhost:1")]
    public async Task A_foreign_host_header_is_refused_and_nothing_is_stored(string host)
    {
        using var http = _studio.Client();
        using var request = Upload(host.Replace("{port}", _studio.App.Port.ToString()));

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_studio.Catalogue.Images.List(_studio.ProjectId));
        using var model = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Host = host.Replace("{port}", _studio.App.Port.ToString()) } };
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(model)).StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task Loopback_names_on_the_studio_port_are_served(string name)
    {
        using var http = _studio.Client();
        using var request = Upload($"{name}:{_studio.App.Port}", origin: $"http://{name}:{_studio.App.Port}");

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_studio.Catalogue.Images.List(_studio.ProjectId));
    }

    [Fact]
    public async Task A_cross_origin_upload_is_refused_with_a_reason()
    {
        using var http = _studio.Client();
        using var request = Upload(origin: "http://evil.example");

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("cross-origin", await response.Content.ReadAsStringAsync());
        Assert.Empty(_studio.Catalogue.Images.List(_studio.ProjectId));
    }

    [Fact]
    public async Task The_blazor_hub_refuses_a_websocket_from_another_origin_and_accepts_its_own()
    {
        Assert.Equal(HttpStatusCode.Forbidden, await OpenHubAsync("http://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, await OpenHubAsync("null"));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await OpenHubAsync(_studio.App.LoopbackUrl));
    }

    private async Task<HttpStatusCode> OpenHubAsync(string origin)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", origin);
        try
        {
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{_studio.App.Port}{OriginCheck.HubPath}"), CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // The status the server answered is kept in HttpStatusCode.
        }
        return socket.HttpStatusCode;
    }

    [Fact]
    public async Task With_a_secret_the_sign_in_redirect_is_relative_and_never_names_the_requested_host()
    {
        await using var secured = await LoopbackProcess.StartAsync("--Studio:AccessSecret", "a-secret-of-sixteen-or-more");
        using var http = secured.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/?x=1") { Headers = { Host = "evil.example" } };

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.False(location.IsAbsoluteUri, location.ToString());
        Assert.Equal($"{SignInEndpoints.Path}?returnUrl=%2F%3Fx%3D1", location.OriginalString);
    }
}
