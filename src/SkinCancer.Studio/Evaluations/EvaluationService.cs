using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Datasets;
using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Web.Serving;

namespace SkinCancer.Studio.Web.Evaluations;

/// <summary>
/// Scores a run's model on an uploaded test set (the images its catalogue rows list) and stores the report with the run;
/// predicts single images from their bytes. The Evaluate and Try tabs and the API all come here, with the model of each
/// run loaded once (<see cref="RunModels"/>).
/// </summary>
public sealed class EvaluationService(StudioCatalogue catalogue, ProjectFolders folders, RunModels models, ModelRunner runner)
{
    /// <summary>Throws <see cref="DatasetException"/> when the test set holds no usable image of the model's labels (the message names no server path).</summary>
    public async Task<EvaluationRecord> EvaluateAsync(RunRecord run, string testSetId, Action<RunProgress>? onProgress, CancellationToken cancellationToken)
    {
        var loaded = models.Load(run.ProjectId, run.Id) ?? throw new DatasetException("the run has no model yet: a run has one once it completes, or once it saves its frozen model before fine-tuning");
        // The catalogue's list of the test set (stored path, label, hash): no folder scan, no second read or hash.
        var testSet = new CatalogueTestSet(catalogue, folders, run.ProjectId, testSetId);
        EvaluationReport report;
        try
        {
            report = await runner.EvaluateAsync(loaded.Package, testSet, onProgress, cancellationToken);
        }
        catch (DatasetException e)
        {
            throw new DatasetException(e.Message.Replace(Path.GetFullPath(testSet.Root), "the test set"));
        }
        return catalogue.Evaluations.Add(run.Id, testSetId, report, loaded.Revision);
    }

    /// <summary>Probabilities of every class for one image held in memory; the reason instead when the image cannot be used.</summary>
    public async Task<(ImagePrediction? Prediction, string? Reason)> PredictAsync(string projectId, string runId, byte[] image, string name,
        CancellationToken cancellationToken)
    {
        var model = models.Find(projectId, runId);
        if (model is null) return (null, "the run has no model");
        return await runner.PredictAsync(model, image, name, cancellationToken);
    }
}
