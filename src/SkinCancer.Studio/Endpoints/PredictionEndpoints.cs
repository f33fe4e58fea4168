using Microsoft.AspNetCore.Http.Features;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Explanations;
using SkinCancer.Studio.Core.Imaging;
using SkinCancer.Studio.Serving;

namespace SkinCancer.Studio.Endpoints;

/// <summary>The prediction API: one image in (multipart), the class probabilities of a completed run's model out.</summary>
public static class PredictionEndpoints
{
    public sealed record PredictionResponse(string Predicted, IReadOnlyDictionary<string, double> Probabilities, IReadOnlyList<string> Labels, DecisionThreshold? Threshold)
    {
        /// <summary>Only with <c>?explain=true</c>: where the model looked (see <see cref="PredictionExplanation"/>).</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public PredictionExplanation? Explanation { get; init; }
    }

    public sealed record ErrorResponse(string Error);

    public static IEndpointRouteBuilder MapPredictionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/projects/{projectId}/runs/{runId}/predict", PredictAsync)
            .WithName("Predict")
            .WithSummary("Classify one image with a completed run's model")
            .WithDescription("Send the image as multipart/form-data (any field name). Returns the predicted label, every class's probability and the decision threshold the prediction used. With explain=true it also returns where the model looked (Grad-CAM): the image with a heat map over it (PNG, base64) and the raw grid, for the predicted class or the one named by class=<label>.")
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<PredictionResponse>()
            .Produces<ErrorResponse>(StatusCodes.Status400BadRequest)
            .Produces(StatusCodes.Status404NotFound)
            .Produces<ErrorResponse>(StatusCodes.Status413PayloadTooLarge)
            .DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> PredictAsync(string projectId, string runId, HttpRequest request, RunModels models,
        ModelRunner runner, ModelExplainer explainer, StudioLimits limits, CancellationToken cancellationToken,
        bool explain = false, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "class")] string? explainClass = null)
    {
        var model = models.Find(projectId, runId);
        if (model is null) return Results.NotFound(new ErrorResponse("no completed run with that id in that project"));
        if (!request.HasFormContentType) return Results.BadRequest(new ErrorResponse("send the image as multipart/form-data"));
        if (request.ContentLength > limits.MaxFileBytes + 64 * 1024)
        {
            return Results.Json(new ErrorResponse($"the upload is over the {limits.MaxFileBytes:N0}-byte limit"), statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        // Kestrel's own 30 MB default would cut off an image the configured file limit allows.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limits.MaxFileBytes + 64 * 1024;
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return Results.BadRequest(new ErrorResponse($"no image in the request: the multipart body cannot be read ({e.Message})"));
        }
        var file = form.Files.FirstOrDefault();
        if (file is null || file.Length == 0) return Results.BadRequest(new ErrorResponse("no image in the request (or it is empty)"));
        if (file.Length > limits.MaxFileBytes)
        {
            return Results.Json(new ErrorResponse($"the image is {file.Length:N0} bytes, over the {limits.MaxFileBytes:N0}-byte limit"), statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        if (explain) return await ExplainAsync(model, file, explainer, explainClass, cancellationToken);

        // The runner reads files: the upload goes to a private temporary file that is deleted whatever happens.
        var temporary = Path.Combine(Path.GetTempPath(), $"scs-predict-{Guid.NewGuid():N}");
        try
        {
            await using (var target = File.Create(temporary))
            {
                await file.CopyToAsync(target, cancellationToken);
            }
            var (predictions, skipped) = await runner.PredictFilesAsync(model, [temporary], cancellationToken);
            if (predictions.Count == 0)
            {
                var reason = skipped.FirstOrDefault()?.Reason ?? "the file could not be read as an image";
                return Results.BadRequest(new ErrorResponse($"'{Path.GetFileName(file.FileName)}': {reason}"));
            }
            var prediction = predictions[0];
            return Results.Ok(new PredictionResponse(prediction.Predicted, prediction.Probabilities, model.Metadata.Labels, model.Metadata.Threshold));
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>One backbone pass gives both the prediction and its heat map, so an explained prediction costs about one prediction.</summary>
    private static async Task<IResult> ExplainAsync(Core.Models.ModelPackage model, IFormFile file, ModelExplainer explainer, string? label, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        try
        {
            var (explanation, explained, overlay) = await Task.Run(() => explainer.ExplainWithOverlay(model, buffer.ToArray(), label), cancellationToken);
            return Results.Ok(new PredictionResponse(explanation.Predicted, explanation.Probabilities, model.Metadata.Labels, model.Metadata.Threshold)
            {
                Explanation = PredictionExplanation.From(explanation, explained, overlay),
            });
        }
        catch (ExplanationInputException e)
        {
            return Results.BadRequest(new ErrorResponse($"'{Path.GetFileName(file.FileName)}': {e.Message}"));
        }
    }
}
