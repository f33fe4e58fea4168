using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace SkinCancer.Studio.Web.Security;

/// <summary>A plain HTML sign-in page (no circuit needed) that trades the access secret for an auth cookie, and sign-out.</summary>
public static class SignInEndpoints
{
    public const string Path = "/signin";
    public const string SignOutPath = "/signout";

    public static IEndpointRouteBuilder MapSignInEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (string? returnUrl, IOptions<AccessOptions> access) =>
            access.Value.IsEnabled ? Page(returnUrl, error: null, StatusCodes.Status200OK) : Results.Redirect("/")).AllowAnonymous().ExcludeFromDescription();

        app.MapPost(Path, async (HttpContext context, IOptions<AccessOptions> access, FailedAccessLimiter limiter) =>
        {
            if (!access.Value.IsEnabled) return Results.Redirect("/");
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            string? returnUrl = form["returnUrl"];
            if (limiter.IsLockedOut(context)) return TooManyAttempts(context, returnUrl);
            if (!AccessSecret.Matches(access.Value.AccessSecret, form["secret"]))
            {
                if (!limiter.RecordFailure(context)) return TooManyAttempts(context, returnUrl);
                // Slows down a single client's guessing without holding any lock; the limiter bounds parallel ones.
                await Task.Delay(500, context.RequestAborted);
                return Page(returnUrl, "That is not the access secret.", StatusCodes.Status401Unauthorized);
            }
            var identity = new ClaimsIdentity([
                new Claim(ClaimTypes.Name, "studio"),
                new Claim(SecretStamp.ClaimType, SecretStamp.Of(access.Value.AccessSecret!)),
                new Claim(SignedOutSessions.ClaimType, SignedOutSessions.NewSessionId()),
            ], CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            return Results.Redirect(ReturnUrl.Local(returnUrl));
        }).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();

        app.MapPost(SignOutPath, async (HttpContext context, SignedOutSessions sessions) =>
        {
            // The cookie the browser deletes may have been copied: its session is ended on the server too.
            var signedIn = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            if (signedIn.Principal?.FindFirst(SignedOutSessions.ClaimType)?.Value is { } session)
            {
                sessions.End(session, signedIn.Properties?.ExpiresUtc ?? DateTimeOffset.UtcNow.AddDays(30));
            }
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect(Path);
        }).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    public static string RelativeSignInUrl(HttpRequest request) =>
        Path + QueryString.Create("returnUrl", request.PathBase + request.Path + request.QueryString);

    private static IResult TooManyAttempts(HttpContext context, string? returnUrl)
    {
        FailedAccessLimiter.Refuse(context.Response);
        return Page(returnUrl, $"Too many wrong secrets from this address: wait {FailedAccessLimiter.Refill.TotalSeconds:0} seconds and try again.",
            StatusCodes.Status429TooManyRequests);
    }

    private static IResult Page(string? returnUrl, string? error, int status)
    {
        var message = error is null ? "" : $"<p class=\"error\">{WebUtility.HtmlEncode(error)}</p>";
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8" /><title>Sign in - Skin Cancer Studio</title>
            <style>body{font-family:sans-serif;max-width:24rem;margin:4rem auto}input{width:100%;padding:.5rem;margin:.5rem 0}.error{color:#b00020}</style>
            </head><body>
            <h1>Sign in</h1>
            <p>This studio is shared on the network. Enter its access secret.</p>
            {{message}}
            <form method="post" action="{{Path}}">
            <input type="hidden" name="returnUrl" value="{{WebUtility.HtmlEncode(ReturnUrl.Local(returnUrl))}}" />
            <label for="secret">Access secret</label>
            <input id="secret" name="secret" type="password" autocomplete="current-password" autofocus required />
            <button type="submit">Sign in</button>
            </form></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
