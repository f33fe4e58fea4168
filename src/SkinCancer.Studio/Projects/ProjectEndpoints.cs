using Microsoft.AspNetCore.Http.HttpResults;
using SkinCancer.Studio.Web.Api;
using SkinCancer.Studio.Core.Catalogue;

namespace SkinCancer.Studio.Web.Projects;

/// <summary>Projects over HTTP: what the home page does (create, list, rename, delete), through the same catalogue and deletion.</summary>
public static class ProjectEndpoints
{
    /// <summary>The body that names a project (create, rename).</summary>
    public sealed record ProjectName(string Name);

    public static RouteGroupBuilder MapProjectListEndpoints(this RouteGroupBuilder projects)
    {
        projects.MapGet("", (StudioCatalogue catalogue) => TypedResults.Ok(catalogue.Projects.List()))
            .WithName("ListProjects").WithSummary("Every project, newest first");

        projects.MapPost("", Results<Created<ProjectRecord>, ProblemHttpResult> (ProjectName body, StudioCatalogue catalogue) =>
            {
                if (string.IsNullOrWhiteSpace(body.Name)) return NameMissing();
                var project = catalogue.Projects.Create(body.Name);
                return TypedResults.Created($"/api/projects/{project.Id}", project);
            })
            .WithName("CreateProject").WithSummary("Create a project; the name is trimmed and cut at 200 characters")
            .WithJsonBody();
        return projects;
    }

    public static RouteGroupBuilder MapProjectEndpoints(this RouteGroupBuilder project)
    {
        project.MapGet("", (string projectId, StudioCatalogue catalogue) => TypedResults.Ok(catalogue.Projects.Get(projectId)!))
            .WithName("GetProject").WithSummary("One project, with its image count");

        project.MapPatch("", Results<Ok<ProjectRecord>, ProblemHttpResult> (string projectId, ProjectName body, StudioCatalogue catalogue) =>
            {
                if (string.IsNullOrWhiteSpace(body.Name)) return NameMissing();
                catalogue.Projects.Rename(projectId, body.Name);
                return TypedResults.Ok(catalogue.Projects.Get(projectId)!);
            })
            .WithName("RenameProject").WithSummary("Rename a project")
            .WithJsonBody();

        project.MapDelete("", (string projectId, ProjectDeletion deletion) =>
            {
                deletion.Delete(projectId);
                return TypedResults.NoContent();
            })
            .WithName("DeleteProject").WithSummary("Delete a project with its images, runs, models and evaluations (its active runs are cancelled first)");
        return project;
    }

    private static ProblemHttpResult NameMissing() =>
        TypedResults.Problem("a project needs a name: send {\"name\": \"…\"}", statusCode: StatusCodes.Status400BadRequest);
}
