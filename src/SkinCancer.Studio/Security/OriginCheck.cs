namespace SkinCancer.Studio.Web.Security;

/// <summary>
/// A browser names the page that sent a request in its Origin header. A page of another site may not change anything
/// here (a POST, PUT, PATCH or DELETE) nor open the Blazor circuit: WebSockets are not covered by CORS, so without this
/// check any page could drive the UI through /_blazor. Requests without Origin (curl, the CLI, scripts) are not from a
/// page and pass; their guard is the access secret, or loopback.
/// </summary>
public static class OriginCheck
{
    public static readonly PathString HubPath = "/_blazor";

    public static IApplicationBuilder UseOriginCheck(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var request = context.Request;
        if (!IsGuarded(request) || !request.Headers.TryGetValue("Origin", out var origins)) return next(context);
        string? origin = origins;
        if (IsSameOrigin(origin, request)) return next(context);
        return Api.ApiProblems.WriteAsync(context, StatusCodes.Status403Forbidden,
            $"cross-origin request refused: Origin '{origin}' is not this studio ({request.Scheme}://{request.Host})");
    });

    private static bool IsGuarded(HttpRequest request) =>
        request.Path.StartsWithSegments(HubPath) || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));

    public static bool IsSameOrigin(string? origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Authority, HostWithoutDefaultPort(request), StringComparison.OrdinalIgnoreCase);

    private static string HostWithoutDefaultPort(HttpRequest request)
    {
        var host = request.Host;
        bool defaultPort = host.Port is null || (host.Port == 80 && request.Scheme == "http") || (host.Port == 443 && request.Scheme == "https");
        var name = host.Host;
        return defaultPort ? name : $"{name}:{host.Port}";
    }
}
