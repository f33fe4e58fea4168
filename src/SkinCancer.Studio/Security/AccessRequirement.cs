using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace SkinCancer.Studio.Web.Security;

/// <summary>Met by anyone when no secret is configured (loopback use), otherwise only by a signed-in user or a bearer of the secret.</summary>
public sealed class AccessRequirement : IAuthorizationRequirement;

public sealed class AccessRequirementHandler(IOptions<AccessOptions> access) : AuthorizationHandler<AccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AccessRequirement requirement)
    {
        if (!access.Value.IsEnabled || context.User.Identity?.IsAuthenticated == true) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
