using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace SkinCancer.Studio.Web.Security;

/// <summary>
/// Cookie sign-in for the UI, the bearer secret for API clients, and one fallback policy over every endpoint that is
/// open while no secret is configured. The secret is read from options when first needed, after every configuration
/// source (appsettings, environment, command line, test hosts) has been applied.
/// </summary>
public static class StudioAccessExtensions
{
    private const string SelectingScheme = "StudioAccess";
    public const string CookieName = "studio-access";

    public static IServiceCollection AddStudioAccess(this IServiceCollection services)
    {
        services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.SectionName);
        services.AddAuthentication(SelectingScheme)
            .AddPolicyScheme(SelectingScheme, "cookie or bearer", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0 ? BearerSecretHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerSecretHandler>(BearerSecretHandler.SchemeName, null)
            .AddCookie(o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = SignInEndpoints.Path;
                o.ReturnUrlParameter = "returnUrl";
                o.Events.OnValidatePrincipal = RejectStaleCookie;
                o.Events.OnRedirectToLogin = context =>
                {
                    // Only a page load is sent to the sign-in page; API calls and the circuit get a plain 401. The address is
                    // relative: the default one is absolute, built from the Host header a client chose.
                    if (IsPageRequest(context.Request)) context.Response.Redirect(SignInEndpoints.RelativeSignInUrl(context.Request));
                    else context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                };
            });
        services.AddLoopbackHostFiltering();
        services.AddSingleton<FailedAccessLimiter>();
        services.AddSingleton<SignedOutSessions>();
        services.AddWorkspaceDataProtection();
        services.AddSingleton<IAuthorizationHandler, AccessRequirementHandler>();
        services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().AddRequirements(new AccessRequirement()).Build());
        return services;
    }

    /// <summary>A cookie issued under another secret, or whose session was signed out, no longer signs anyone in.</summary>
    private static async Task RejectStaleCookie(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var secret = services.GetRequiredService<IOptions<AccessOptions>>().Value.AccessSecret;
        var principal = context.Principal;
        var session = principal?.FindFirst(SignedOutSessions.ClaimType)?.Value;
        if (SecretStamp.Matches(secret, principal?.FindFirst(SecretStamp.ClaimType)?.Value)
            && session is not null && !services.GetRequiredService<SignedOutSessions>().IsEnded(session))
        {
            return;
        }
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    private static bool IsPageRequest(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && !request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments("/_blazor");
}
