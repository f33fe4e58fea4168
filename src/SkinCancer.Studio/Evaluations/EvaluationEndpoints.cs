using Microsoft.AspNetCore.Http.HttpResults;
using SkinCancer.Studio.Web.Api;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Datasets;
using SkinCancer.Studio.Web.Projects;
using SkinCancer.Studio.Web.Serving;

namespace SkinCancer.Studio.Web.Evaluations;

/// <summary>
/// Test sets and evaluations over HTTP, through the Evaluate tab's <see cref="EvaluationService"/>: read an uploaded test
/// set, score a run on it, list a run's evaluations and read one whole (metrics, confusion, ROC, per-image predictions).
/// </summary>
public static class EvaluationEndpoints
{
    /// <summary>Which uploaded test set to score the run on.</summary>
    public sealed record EvaluationRequest(string TestSetId);

    public sealed record TestSetClass(string Label, int Count);

    public sealed record TestSetSummary(string TestSetId, IReadOnlyList<TestSetClass> Classes);

    public static RouteGroupBuilder MapTestSetEndpoints(this RouteGroupBuilder project)
    {
        project.MapGet("/testsets/{testSetId}", Results<Ok<TestSetSummary>, ProblemHttpResult> (string projectId, string testSetId, StudioCatalogue catalogue) =>
            {
                var classes = CatalogueIds.IsValid(testSetId) ? catalogue.TestSets.Summary(projectId, testSetId) : [];
                return classes.Count == 0
                    ? NoTestSet(testSetId)
                    : TypedResults.Ok(new TestSetSummary(testSetId, classes.Select(c => new TestSetClass(c.Label, c.Count)).ToArray()));
            })
            .WithTags("Test sets").WithName("GetTestSet").WithSummary("An uploaded test set's classes and image counts")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return project;
    }

    public static RouteGroupBuilder MapRunEvaluationEndpoints(this RouteGroupBuilder run)
    {
        var evaluations = run.MapGroup("/evaluations").WithTags("Evaluations");
        evaluations.MapGet("", (string runId, StudioCatalogue catalogue) =>
                TypedResults.Ok(catalogue.Evaluations.List(runId).Select(EvaluationSummary.Of).ToArray()))
            .WithName("ListEvaluations").WithSummary("The run's evaluations, newest first, with their headline scores");

        evaluations.MapPost("", async Task<Results<Created<EvaluationResult>, ProblemHttpResult>> (string projectId, string runId, EvaluationRequest body,
                StudioCatalogue catalogue, ProjectFolders folders, EvaluationService service, CancellationToken cancellationToken) =>
            {
                if (!CatalogueIds.IsValid(body.TestSetId) || catalogue.TestSets.Summary(projectId, body.TestSetId).Count == 0) return NoTestSet(body.TestSetId);
                var run = catalogue.Runs.Get(runId)!;
                if (!run.HasModel) return RunModelLookup.NoModel(run);
                try
                {
                    var evaluation = await service.EvaluateAsync(run, body.TestSetId, null, cancellationToken);
                    return TypedResults.Created($"/api/projects/{projectId}/evaluations/{evaluation.Id}", EvaluationResult.Of(evaluation, folders.TestSet(projectId, body.TestSetId)));
                }
                catch (DatasetException e)
                {
                    return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
                }
            })
            .WithName("Evaluate")
            .WithSummary("Score a run's model on an uploaded test set (a completed run, or a fine-tuning run's frozen model); answers when the scoring is done, with the whole result")
            .WithJsonBody()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status500InternalServerError);
        return run;
    }

    public static RouteGroupBuilder MapEvaluationEndpoints(this RouteGroupBuilder project)
    {
        var evaluation = project.MapGroup("/evaluations/{evaluationId}").WithTags("Evaluations");
        evaluation.MapGet("", Results<Ok<EvaluationResult>, ProblemHttpResult> (string projectId, string evaluationId, StudioCatalogue catalogue, ProjectFolders folders) =>
                Find(catalogue, projectId, evaluationId) is { } found
                    ? TypedResults.Ok(EvaluationResult.Of(found, folders.TestSet(projectId, found.TestSetId)))
                    : NoEvaluation(evaluationId))
            .WithName("GetEvaluation").WithSummary("An evaluation: accuracy, per-class metrics, confusion matrix, ROC points and every image's prediction")
            .ProducesProblem(StatusCodes.Status404NotFound);

        evaluation.MapGet("/images/{index:int}/thumbnail", Results<FileContentHttpResult, ProblemHttpResult> (string projectId, string evaluationId, int index,
                StudioCatalogue catalogue, ProjectFolders folders) =>
            {
                if (Find(catalogue, projectId, evaluationId) is not { } found) return NoEvaluation(evaluationId);
                if (index < 0 || index >= found.Report.Images.Count)
                {
                    return TypedResults.Problem($"the evaluation has no image {index}", statusCode: StatusCodes.Status404NotFound);
                }
                // The report stores paths; serve only the file the test set's catalogue row names, whatever the report says.
                if (EvaluatedImageFiles.Find(catalogue, folders, projectId, found, index) is not { } source)
                {
                    return TypedResults.Problem("the test image is not in this project's test sets", statusCode: StatusCodes.Status404NotFound);
                }
                return ImageEndpoints.Thumbnail(source, Path.Combine(folders.Thumbnails(projectId), "evaluations", evaluationId, $"{index}.jpg"));
            })
            .WithName("EvaluatedImageThumbnail").WithSummary("A small JPEG preview of a test image of an evaluation")
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return project;
    }

    /// <summary>An evaluation of a run of this project; another project's evaluation is as unknown as a made-up id.</summary>
    private static EvaluationRecord? Find(StudioCatalogue catalogue, string projectId, string evaluationId) =>
        catalogue.Evaluations.Get(evaluationId) is { } found && catalogue.Runs.Get(found.RunId)?.ProjectId == projectId ? found : null;

    private static ProblemHttpResult NoEvaluation(string evaluationId) =>
        TypedResults.Problem($"no evaluation with id '{evaluationId}' in this project", statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult NoTestSet(string testSetId) =>
        TypedResults.Problem($"no test set with id '{testSetId}' in this project (upload one first)", statusCode: StatusCodes.Status404NotFound);
}
