using Microsoft.AspNetCore.Http.HttpResults;
using SkinCancer.Studio.Core.Catalogue;

namespace SkinCancer.Studio.Web.Serving;

/// <summary>The model behind a run route (the run filter has found the run): a run that has none yet is a 409 problem.</summary>
public static class RunModelLookup
{
    public static (LoadedModel? Model, ProblemHttpResult? Problem) Available(this RunModels models, StudioCatalogue catalogue, string projectId, string runId)
    {
        if (models.Load(projectId, runId) is { } model) return (model, null);
        return (null, NoModel(catalogue.Runs.Get(runId)));
    }

    /// <summary>Why a run has no model: a completed run has one, and so has a fine-tuning run once its frozen model is saved.</summary>
    public static ProblemHttpResult NoModel(RunRecord? run) => TypedResults.Problem(
        $"the run is {run?.Status.ToString().ToLowerInvariant() ?? "unknown"} and has no model: only a completed run has a model, or a fine-tuning run once its frozen model is saved",
        statusCode: StatusCodes.Status409Conflict);
}
