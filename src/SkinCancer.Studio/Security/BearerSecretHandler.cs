using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace SkinCancer.Studio.Web.Security;

/// <summary>API clients present the access secret itself: "Authorization: Bearer &lt;secret&gt;".</summary>
public sealed class BearerSecretHandler(IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory logger,
    UrlEncoder encoder, IOptions<AccessOptions> access, FailedAccessLimiter limiter) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "StudioBearer";
    private const string Prefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) return Task.FromResult(AuthenticateResult.NoResult());
        if (limiter.IsLockedOut(Context)) return Task.FromResult(LockedOut());
        if (!AccessSecret.Matches(access.Value.AccessSecret, header[Prefix.Length..].Trim()))
        {
            return Task.FromResult(limiter.RecordFailure(Context) ? AuthenticateResult.Fail("the bearer token is not the access secret") : LockedOut());
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    private AuthenticateResult LockedOut()
    {
        Context.Items[LockedOutKey] = true;
        return AuthenticateResult.Fail("too many wrong secrets from this address");
    }

    private static readonly object LockedOutKey = new();

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(LockedOutKey))
        {
            FailedAccessLimiter.Refuse(Response);
            return Api.ApiProblems.WriteAsync(Context, StatusCodes.Status429TooManyRequests,
                $"too many wrong secrets from this address: wait {FailedAccessLimiter.Refill.TotalSeconds:0} seconds");
        }
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
