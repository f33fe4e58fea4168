using Microsoft.Extensions.Configuration;
using SkinCancer.Studio.Web.Security;

namespace SkinCancer.Studio.Reliability.Tests;

public sealed class ExposureCheckTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("http://0.0.0.0:5000", false)]
    [InlineData("http://*:5000", false)]
    [InlineData("http://+:5000", false)]
    [InlineData("http://[::]:5000", false)]
    [InlineData("http://192.168.1.20:5000", false)]
    [InlineData("http://studio.lan:5000", false)]
    public void Only_loopback_addresses_count_as_loopback(string url, bool loopback) => Assert.Equal(loopback, ExposureCheck.IsLoopback(url));

    [Fact]
    public void An_exposed_address_needs_a_secret_wherever_it_is_configured()
    {
        Assert.Null(Refusal(("urls", "http://127.0.0.1:5000;http://localhost:5001")));
        Assert.Contains("Studio__AccessSecret", Refusal(("urls", "http://127.0.0.1:5000;http://0.0.0.0:5001")));
        Assert.NotNull(Refusal(("Kestrel:Endpoints:Lan:Url", "http://10.0.0.2:80")));
        Assert.NotNull(Refusal(("http_ports", "8080")));
        Assert.Null(Refusal(("urls", "http://0.0.0.0:5001"), ("Studio:AccessSecret", "s3cret-of-16-chars")));
        Assert.Contains("at least 16 characters", Refusal(("urls", "http://0.0.0.0:5001"), ("Studio:AccessSecret", "s3cret")));
        Assert.NotNull(Refusal(("urls", "http://0.0.0.0:5001"), ("Studio:AccessSecret", "  ")));
    }

    private static string? Refusal(params (string Key, string Value)[] settings) =>
        ExposureCheck.Refusal(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());
}
