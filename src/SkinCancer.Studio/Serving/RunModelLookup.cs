using Microsoft.AspNetCore.Http.HttpResults;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Web.Serving;

/// <summary>The model behind a run route (the run filter has found the run): a run that has not completed is a 409 problem.</summary>
public static class RunModelLookup
{
    public static (ModelPackage? Model, ProblemHttpResult? Problem) Completed(this RunModels models, StudioCatalogue catalogue, string projectId, string runId)
    {
        if (models.Find(projectId, runId) is { } model) return (model, null);
        var status = catalogue.Runs.Get(runId)?.Status.ToString().ToLowerInvariant() ?? "unknown";
        return (null, TypedResults.Problem($"the run is {status}: only a completed run has a model", statusCode: StatusCodes.Status409Conflict));
    }
}
