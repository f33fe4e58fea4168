using SkinCancer.Studio.Core.Catalogue;

namespace SkinCancer.Studio.Web.Evaluations;

/// <summary>
/// The stored file of an evaluated test image (for its thumbnail and its explanation), found through its row in the
/// test set's catalogue rather than trusted from the path the report names (<see cref="CatalogueTestSet.StoredFile"/>).
/// </summary>
public static class EvaluatedImageFiles
{
    /// <summary>The file of test image <paramref name="index"/> of the evaluation; null when the test set holds no such image.</summary>
    public static string? Find(StudioCatalogue catalogue, ProjectFolders folders, string projectId, EvaluationRecord evaluation, int index) =>
        index >= 0 && index < evaluation.Report.Images.Count && CatalogueIds.IsValid(evaluation.TestSetId)
            ? new CatalogueTestSet(catalogue, folders, projectId, evaluation.TestSetId).StoredFile(evaluation.Report.Images[index].Path)
            : null;
}
