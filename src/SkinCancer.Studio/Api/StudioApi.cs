using SkinCancer.Studio.Web.Evaluations;
using SkinCancer.Studio.Web.Projects;
using SkinCancer.Studio.Web.Serving;
using SkinCancer.Studio.Web.Training;
using SkinCancer.Studio.Web.Uploads;

namespace SkinCancer.Studio.Web.Api;

/// <summary>
/// The HTTP API under /api: everything the pages do, one route group per resource. The groups carry the shared checks as
/// endpoint filters (the project exists, the run belongs to it) and the problems those checks and the access guard can
/// give, so the OpenAPI document (/openapi/v1.json) lists them on every endpoint. Each feature maps its own endpoints,
/// beside its services.
/// </summary>
public static class StudioApi
{
    public static IServiceCollection AddStudioApi(this IServiceCollection services)
    {
        services.AddApiJson();
        services.AddApiProblems();
        services.AddOpenApi();
        return services;
    }

    public static IEndpointRouteBuilder MapStudioApi(this IEndpointRouteBuilder app)
    {
        // Without a secret (loopback) nobody is refused; with one, a client without it gets 401, and a page of another site 403.
        var api = app.MapGroup("/api")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        var projects = api.MapGroup("/projects").WithTags("Projects");
        projects.MapProjectListEndpoints();

        var project = api.MapGroup("/projects/{projectId}")
            .AddEndpointFilter<ProjectExistsFilter>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        project.MapGroup("").WithTags("Projects").MapProjectEndpoints();
        project.MapClassEndpoints();
        project.MapImageEndpoints();
        project.MapUploadEndpoints();
        project.MapTestSetEndpoints();
        project.MapEvaluationEndpoints();

        var runs = project.MapGroup("/runs").WithTags("Runs");
        runs.MapRunListEndpoints();
        var run = project.MapGroup("/runs/{runId}").AddEndpointFilter<RunExistsFilter>();
        run.MapGroup("").WithTags("Runs").MapRunEndpoints();
        run.MapGroup("").WithTags("Models").MapModelEndpoints().MapExportEndpoints().MapPredictionEndpoints();
        run.MapRunEvaluationEndpoints();
        return app;
    }
}
