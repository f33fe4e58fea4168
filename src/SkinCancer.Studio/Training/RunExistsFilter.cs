using SkinCancer.Studio.Core.Catalogue;

namespace SkinCancer.Studio.Web.Training;

/// <summary>Routes under …/runs/{runId} need a run of that project: another project's run is as unknown as a made-up id (404).</summary>
public sealed class RunExistsFilter(StudioCatalogue catalogue) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var values = context.HttpContext.Request.RouteValues;
        var runId = values["runId"] as string;
        if (catalogue.Runs.Get(runId ?? "") is not { } run || run.ProjectId != values["projectId"] as string)
        {
            return ValueTask.FromResult<object?>(TypedResults.Problem($"no run with id '{runId}' in this project", statusCode: StatusCodes.Status404NotFound));
        }
        return next(context);
    }
}
