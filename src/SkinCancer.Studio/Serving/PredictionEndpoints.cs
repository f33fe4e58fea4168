using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Explanations;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Web.Evaluations;

namespace SkinCancer.Studio.Web.Serving;

/// <summary>
/// The prediction API: one image in (multipart), the class probabilities of a completed run's model out. The image is
/// predicted from its bytes in memory, by the run's model as loaded once for the API and the Try tab alike (<see cref="RunModels"/>).
/// </summary>
public static class PredictionEndpoints
{
    public sealed record PredictionResponse(string Predicted, IReadOnlyDictionary<string, double> Probabilities, IReadOnlyList<string> Labels, DecisionThreshold? Threshold)
    {
        /// <summary>Only with <c>?explain=true</c>: where the model looked (see <see cref="PredictionExplanation"/>).</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public PredictionExplanation? Explanation { get; init; }
    }

    public static RouteGroupBuilder MapPredictionEndpoints(this RouteGroupBuilder run)
    {
        run.MapPost("/predict", PredictAsync)
            .WithName("Predict")
            .WithSummary("Classify one image with a completed run's model")
            .WithDescription("Send the image as multipart/form-data (any field name). Returns the predicted label, every class's probability and the decision threshold the prediction used. With explain=true it also returns where the model looked (Grad-CAM): the image with a heat map over it (PNG, base64) and the raw grid, for the predicted class or the one named by class=<label>.")
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .DisableAntiforgery();
        return run;
    }

    private static async Task<Results<Ok<PredictionResponse>, ProblemHttpResult>> PredictAsync(string projectId, string runId, HttpRequest request,
        RunModels models, StudioCatalogue catalogue, EvaluationService evaluations, ModelExplainer explainer, StudioLimits limits, CancellationToken cancellationToken,
        bool explain = false, [FromQuery(Name = "class")] string? explainClass = null)
    {
        var (loaded, problem) = models.Available(catalogue, projectId, runId);
        if (loaded is null) return problem!;
        var model = loaded.Package;
        if (!request.HasFormContentType)
        {
            return TypedResults.Problem($"send the image as multipart/form-data, not '{request.ContentType ?? "no Content-Type"}'", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        long requestLimit = limits.MaxFileBytes + 64 * 1024;
        if (request.ContentLength > requestLimit) return TooLarge($"the upload is over the {limits.MaxFileBytes:N0}-byte limit");

        // Kestrel's own 30 MB default would cut off an image the configured file limit allows.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = requestLimit;
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge($"the upload is over the {limits.MaxFileBytes:N0}-byte limit");
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return BadRequest($"no image in the request: the multipart body cannot be read ({e.Message})");
        }
        var file = form.Files.FirstOrDefault();
        if (file is null || file.Length == 0) return BadRequest("no image in the request (or it is empty)");
        if (file.Length > limits.MaxFileBytes) return TooLarge($"the image is {file.Length:N0} bytes, over the {limits.MaxFileBytes:N0}-byte limit");

        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, cancellationToken);
        }
        var name = Path.GetFileName(file.FileName);
        if (explain) return await ExplainAsync(model, bytes, name, explainer, explainClass, cancellationToken);

        // The Try tab's own path: the run's cached model, the image predicted from memory.
        var (prediction, reason) = await evaluations.PredictAsync(projectId, runId, bytes, name, cancellationToken);
        if (prediction is null) return BadRequest($"'{name}': {reason}");
        return TypedResults.Ok(new PredictionResponse(prediction.Predicted, prediction.Probabilities, model.Metadata.Labels, model.Metadata.Threshold));
    }

    /// <summary>One backbone pass gives both the prediction and its heat map, so an explained prediction costs about one prediction.</summary>
    private static async Task<Results<Ok<PredictionResponse>, ProblemHttpResult>> ExplainAsync(ModelPackage model, byte[] bytes, string name,
        ModelExplainer explainer, string? label, CancellationToken cancellationToken)
    {
        try
        {
            var (explanation, explained, overlay) = await Task.Run(() => explainer.ExplainWithOverlay(model, bytes, label), cancellationToken);
            return TypedResults.Ok(new PredictionResponse(explanation.Predicted, explanation.Probabilities, model.Metadata.Labels, model.Metadata.Threshold)
            {
                Explanation = PredictionExplanation.From(explanation, explained, overlay),
            });
        }
        catch (ExplanationInputException e)
        {
            return BadRequest($"'{name}': {e.Message}");
        }
    }

    private static ProblemHttpResult BadRequest(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest);

    private static ProblemHttpResult TooLarge(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status413PayloadTooLarge);
}
