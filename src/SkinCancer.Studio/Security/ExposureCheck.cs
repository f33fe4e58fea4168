using System.Net;

namespace SkinCancer.Studio.Web.Security;

/// <summary>
/// Refuses to serve on anything but loopback unless an access secret is configured, and refuses a secret that is too short. Reads every place Kestrel takes
/// addresses from: "urls" (--urls, ASPNETCORE_URLS, appsettings "Urls"), Kestrel endpoints and the http(s)_ports keys.
/// </summary>
public static class ExposureCheck
{
    public static string? Refusal(IConfiguration configuration)
    {
        if (configuration.GetSection(AccessOptions.SectionName).Get<AccessOptions>() is { IsEnabled: true } access)
        {
            return access.AccessSecret!.Trim().Length >= AccessOptions.MinimumSecretLength ? null
                : $"Refusing to start: the access secret (Studio:AccessSecret) must be at least {AccessOptions.MinimumSecretLength} characters long.";
        }
        var exposed = ConfiguredUrls(configuration).FirstOrDefault(url => !IsLoopback(url));
        if (exposed is null) return null;
        return $"Refusing to listen on {exposed} without an access secret: set Studio:AccessSecret (environment variable " +
               "Studio__AccessSecret=<secret> or --Studio:AccessSecret <secret>), or bind to http://127.0.0.1 only.";
    }

    private static IEnumerable<string> ConfiguredUrls(IConfiguration configuration)
    {
        foreach (var url in (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            yield return url;
        }
        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url) yield return url;
        }
        // Ports without a host bind every interface.
        foreach (var key in new[] { "http_ports", "https_ports" })
        {
            if (!string.IsNullOrWhiteSpace(configuration[key])) yield return $"*:{configuration[key]}";
        }
    }

    public static bool IsLoopback(string url)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            return false;
        }
        if (address.IsUnixPipe) return true;
        var host = address.Host.Trim('[', ']');
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }
}
