using Microsoft.AspNetCore.Http.HttpResults;
using SkinCancer.Studio.Web.Api;
using SkinCancer.Studio.Core.Catalogue;

namespace SkinCancer.Studio.Web.Projects;

/// <summary>A project's classes, as the Data tab shows and changes them (<see cref="ProjectClasses"/>): list, rename, remove.</summary>
public static class ClassEndpoints
{
    public sealed record ClassInfo(string Label, int Count);

    /// <summary>A class's new name. Renaming onto an existing class merges the two, as in the Data tab.</summary>
    public sealed record ClassName(string Name);

    public static RouteGroupBuilder MapClassEndpoints(this RouteGroupBuilder project)
    {
        var classes = project.MapGroup("/classes").WithTags("Classes");
        classes.MapGet("", (string projectId, ProjectClasses projectClasses) => TypedResults.Ok(List(projectClasses, projectId)))
            .WithName("ListClasses").WithSummary("The project's classes with their image counts");

        classes.MapPatch("/{label}", Results<Ok<IReadOnlyList<ClassInfo>>, ProblemHttpResult> (string projectId, string label, ClassName body,
                ProjectClasses projectClasses) =>
            {
                if (Unknown(projectClasses, projectId, label) is { } unknown) return unknown;
                try
                {
                    projectClasses.Rename(projectId, label, body.Name);
                }
                catch (ArgumentException e)
                {
                    return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
                }
                return TypedResults.Ok(List(projectClasses, projectId));
            })
            .WithName("RenameClass").WithSummary("Rename a class (onto an existing name: merge the two); returns every class after the change")
            .WithJsonBody()
            .ProducesProblem(StatusCodes.Status404NotFound);

        classes.MapDelete("/{label}", Results<NoContent, ProblemHttpResult> (string projectId, string label, ProjectClasses projectClasses) =>
            {
                if (Unknown(projectClasses, projectId, label) is { } unknown) return unknown;
                projectClasses.Remove(projectId, label);
                return TypedResults.NoContent();
            })
            .WithName("RemoveClass").WithSummary("Remove a class and all its images")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return project;
    }

    private static IReadOnlyList<ClassInfo> List(ProjectClasses classes, string projectId) =>
        classes.Summaries(projectId, previewCount: 0).Select(c => new ClassInfo(c.Label, c.Count)).ToArray();

    private static ProblemHttpResult? Unknown(ProjectClasses classes, string projectId, string label) =>
        classes.Summaries(projectId, previewCount: 0).Any(c => c.Label == label)
            ? null
            : TypedResults.Problem($"the project has no class '{label}'", statusCode: StatusCodes.Status404NotFound);
}
