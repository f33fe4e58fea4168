using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;

namespace SkinCancer.Studio.Web.Security;

/// <summary>
/// Without an access secret the studio trusts whoever reaches it on loopback, so it must be sure the request really is
/// for loopback: a web page can rebind its own name to 127.0.0.1 (DNS rebinding) and then talk to the studio as a
/// same-origin page, with its own name in the Host header. ASP.NET Core's host filtering (installed by the web host)
/// then accepts only localhost, 127.0.0.1 and [::1]; it ignores ports, so the port is checked here against the port the
/// request arrived on. With a secret configured, sign-in guards everything and "AllowedHosts" applies as usual.
/// </summary>
public static class LoopbackHosts
{
    public static readonly string[] Names = ["localhost", "127.0.0.1", "[::1]"];

    public static IServiceCollection AddLoopbackHostFiltering(this IServiceCollection services)
    {
        services.AddOptions<HostFilteringOptions>().Configure<IOptions<AccessOptions>>((o, access) =>
        {
            if (access.Value.IsEnabled) return;
            o.AllowedHosts = Names;
            o.AllowEmptyHosts = false;
        });
        return services;
    }

    /// <summary>Refuses a loopback name on another port than the connection's (the host filter has already checked the name).</summary>
    public static IApplicationBuilder UseLoopbackPortCheck(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var access = context.RequestServices.GetRequiredService<IOptions<AccessOptions>>().Value;
        int local = context.Connection.LocalPort;
        // In-process test servers have no connection port; the host filter alone applies there.
        if (access.IsEnabled || local == 0) return next(context);
        var port = context.Request.Host.Port ?? (context.Request.IsHttps ? 443 : 80);
        if (port == local) return next(context);
        return Api.ApiProblems.WriteAsync(context, StatusCodes.Status400BadRequest, $"the Host header names port {port}, but this studio listens on {local}");
    });
}
