using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Models;
using SkinCancer.Studio.Core.Pipeline;

namespace SkinCancer.Studio.Evaluations;

/// <summary>Scores a run's model on an uploaded test set and stores the report with the run; predicts single images.</summary>
public sealed class EvaluationService(StudioCatalogue catalogue, ProjectFolders folders, ModelRunner runner)
{
    public async Task<EvaluationRecord> EvaluateAsync(RunRecord run, string testSetId, Action<RunProgress>? onProgress, CancellationToken cancellationToken)
    {
        var model = ModelPackage.Load(folders.Model(run.ProjectId, run.Id));
        var report = await runner.EvaluateAsync(model, folders.TestSet(run.ProjectId, testSetId), onProgress, cancellationToken);
        return catalogue.Evaluations.Add(run.Id, testSetId, report);
    }

    /// <summary>Probabilities of every class for one image; the reason instead when the image cannot be used.</summary>
    public async Task<(ImagePrediction? Prediction, string? Reason)> PredictAsync(RunRecord run, string imageFile, CancellationToken cancellationToken)
    {
        var model = ModelPackage.Load(folders.Model(run.ProjectId, run.Id));
        var (predictions, skipped) = await runner.PredictFilesAsync(model, [imageFile], cancellationToken);
        return predictions.Count > 0 ? (predictions[0], null) : (null, skipped.FirstOrDefault()?.Reason ?? "the image could not be used");
    }
}
