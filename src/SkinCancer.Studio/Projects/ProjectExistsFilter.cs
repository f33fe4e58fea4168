using SkinCancer.Studio.Core.Catalogue;

namespace SkinCancer.Studio.Web.Projects;

/// <summary>Every route under /api/projects/{projectId} first needs that project: an unknown or malformed id is a 404 problem.</summary>
public sealed class ProjectExistsFilter(StudioCatalogue catalogue) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var projectId = context.HttpContext.Request.RouteValues["projectId"] as string;
        if (catalogue.Projects.Get(projectId ?? "") is null)
        {
            return ValueTask.FromResult<object?>(TypedResults.Problem($"no project with id '{projectId}'", statusCode: StatusCodes.Status404NotFound));
        }
        return next(context);
    }
}
