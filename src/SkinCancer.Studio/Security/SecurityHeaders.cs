namespace SkinCancer.Studio.Web.Security;

/// <summary>
/// Headers on every response, added as the response starts so error pages (which clear headers) carry them too.
/// The policy fits Blazor Server and MudBlazor: scripts only from this origin, inline styles (MudBlazor sets style
/// attributes), the circuit's WebSocket to this origin, images from this origin or data/blob URLs.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The exported web app served under /try/ runs TensorFlow.js, whose bundle evaluates strings as code while it loads
    /// (refused under the studio's policy: "tf.loadLayersModel is not a function"). Those pages hold only the export's own
    /// files (index.html, app.js, tf.min.js, the model), never uploaded content, so they alone also allow 'unsafe-eval'.
    /// </summary>
    public const string WebAppContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'; frame-ancestors 'none'";

    public static readonly PathString WebAppPath = "/try";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(WebAppPath) ? WebAppContentSecurityPolicy : ContentSecurityPolicy;
            return Task.CompletedTask;
        });
        return next(context);
    });
}
