using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Evaluation;

namespace SkinCancer.Studio.Web.Evaluations;

/// <summary>One evaluation in a list: when, on which test set, and its headline scores.</summary>
public sealed record EvaluationSummary(string Id, string RunId, string TestSetId, DateTimeOffset CreatedUtc, double Accuracy, double? Auc, int Images)
{
    public static EvaluationSummary Of(EvaluationRecord e) =>
        new(e.Id, e.RunId, e.TestSetId, e.CreatedUtc, e.Report.Accuracy, e.Report.Auc, e.Report.Images.Count);
}

/// <summary>A point of the ROC curve: the rates when predicting the positive class at or above <see cref="Threshold"/>.</summary>
public sealed record RocPoint(double FalsePositiveRate, double TruePositiveRate, double Threshold);

/// <summary>One test image's outcome. <see cref="File"/> is its path inside the test set (class/name); <see cref="Index"/> addresses its thumbnail.</summary>
public sealed record EvaluatedImage(int Index, string File, string? Label, string Predicted, bool Correct, IReadOnlyDictionary<string, double> Probabilities);

public sealed record SkippedTestFile(string File, string Reason);

/// <summary>
/// An evaluation as the Evaluate tab shows it: accuracy, per-class precision/recall/F1, the confusion matrix (rows true,
/// columns predicted, in <see cref="Labels"/> order), for two classes the ROC AUC and curve (of <see cref="PositiveLabel"/>)
/// and the threshold the predictions used, every test image with its prediction, the skipped files, and how many test
/// images nearly duplicate a training image. Paths are relative to the test set: the workspace's layout stays on the server.
/// </summary>
public sealed record EvaluationResult(
    string Id,
    string RunId,
    string TestSetId,
    DateTimeOffset CreatedUtc,
    double Accuracy,
    IReadOnlyList<string> Labels,
    int[][] Confusion,
    IReadOnlyDictionary<string, ClassMetrics> PerClass,
    double? Auc,
    string? PositiveLabel,
    IReadOnlyList<RocPoint> Roc,
    DecisionThreshold? Threshold,
    IReadOnlyList<EvaluatedImage> Images,
    IReadOnlyList<SkippedTestFile> Skipped,
    int NearDuplicatesOfTraining)
{
    public static EvaluationResult Of(EvaluationRecord evaluation, string testSetFolder)
    {
        var report = evaluation.Report;
        string? positive = report.Labels.Count == 2 ? report.Threshold?.PositiveLabel ?? report.Labels[1] : null;
        var roc = positive is null
            ? []
            : ClassificationMetrics.RocCurve(report.Images.Select(i => i.Label == positive).ToArray(), report.Images.Select(i => i.Probabilities[positive]).ToArray())
                .Select(p => new RocPoint(p.Fpr, p.Tpr, p.Threshold)).ToArray();
        string Relative(string path) => ProjectFolders.Contains(testSetFolder, path)
            ? Path.GetRelativePath(testSetFolder, path).Replace('\\', '/')
            : Path.GetFileName(path);
        return new EvaluationResult(evaluation.Id, evaluation.RunId, evaluation.TestSetId, evaluation.CreatedUtc, report.Accuracy, report.Labels,
            report.Confusion, report.PerClass, report.Auc, positive, roc, report.Threshold,
            report.Images.Select((i, index) => new EvaluatedImage(index, Relative(i.Path), i.Label, i.Predicted, i.Label == i.Predicted, i.Probabilities)).ToArray(),
            report.Skipped.Select(s => new SkippedTestFile(Relative(s.Path), s.Reason)).ToArray(),
            report.NearDuplicatesOfTraining.Count);
    }
}
