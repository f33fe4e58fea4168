using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Explanations;
using SkinCancer.Studio.Web.Serving;

namespace SkinCancer.Studio.Web.Evaluations;

/// <summary>An explanation as the studio's pages show it: the heat maps, and the image re-encoded as a PNG to draw them over.</summary>
public sealed record ShownExplanation(Explanation Explanation, byte[] ImagePng)
{
    /// <summary>Pictures sent to the browser are at most this many pixels a side: the page shows them small, and they travel over the circuit.</summary>
    public const int MaxSide = 512;
}

/// <summary>Explains images for the Try tab and the evaluation gallery, with the same explainer as the API and the CLI.</summary>
public sealed class ExplanationService(StudioCatalogue catalogue, ProjectFolders folders, RunModels models, ModelExplainer explainer)
{
    /// <summary>The explanation of an image by a completed run's model; the reason instead when there is none.</summary>
    public async Task<(ShownExplanation? Shown, string? Reason)> ExplainAsync(string projectId, string runId, byte[] bytes, CancellationToken cancellationToken)
    {
        var model = models.Find(projectId, runId);
        if (model is null) return (null, "the run has no model");
        return await Task.Run<(ShownExplanation?, string?)>(() =>
        {
            try
            {
                using var image = explainer.Decode(bytes);
                return (new ShownExplanation(explainer.Explain(model, image), HeatMapImages.ImagePng(image, ShownExplanation.MaxSide)), null);
            }
            catch (ExplanationInputException e)
            {
                return (null, e.Message);
            }
        }, cancellationToken);
    }

    /// <summary>The explanation of test image <paramref name="index"/> of an evaluation, by the model the evaluation scored.</summary>
    public async Task<(ShownExplanation? Shown, string? Reason)> ExplainEvaluatedAsync(string projectId, string evaluationId, int index, CancellationToken cancellationToken)
    {
        if (catalogue.Evaluations.Get(evaluationId) is not { } evaluation || catalogue.Runs.Get(evaluation.RunId)?.ProjectId != projectId
            || index < 0 || index >= evaluation.Report.Images.Count)
        {
            return (null, "no such test image");
        }
        // As for thumbnails: the file the test set's catalogue row names, whatever path the report holds.
        if (EvaluatedImageFiles.Find(catalogue, folders, projectId, evaluation, index) is not { } source || !File.Exists(source))
        {
            return (null, "the test image is no longer stored");
        }
        return await ExplainAsync(projectId, evaluation.RunId, await File.ReadAllBytesAsync(source, cancellationToken), cancellationToken);
    }
}
