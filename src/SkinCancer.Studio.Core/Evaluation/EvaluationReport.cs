using SkinCancer.Studio.Core.Datasets;

namespace SkinCancer.Studio.Core.Evaluation;

public sealed record ClassMetrics(double Precision, double Recall, double F1, int Support);

/// <summary>One image's outcome. <see cref="Label"/> is null for unlabelled predictions.</summary>
public sealed record ImagePrediction(string Path, string? Label, string Predicted, IReadOnlyDictionary<string, double> Probabilities);

/// <summary>
/// Scores of a model on a labelled folder. Confusion rows are the true labels, columns the predicted ones, both in
/// <see cref="Labels"/> order (the model's). <see cref="Auc"/> is the ROC AUC of the second label's probability, for two classes.
/// </summary>
public sealed record EvaluationReport(
    double Accuracy,
    IReadOnlyList<string> Labels,
    int[][] Confusion,
    IReadOnlyDictionary<string, ClassMetrics> PerClass,
    double? Auc,
    IReadOnlyList<ImagePrediction> Images,
    IReadOnlyList<SkippedFile> Skipped)
{
    /// <summary>Test images that nearly duplicate a training image (PathB is empty: training paths are not kept in the model).</summary>
    public IReadOnlyList<NearDuplicate> NearDuplicatesOfTraining { get; init; } = [];

    /// <summary>The threshold the predictions used (two classes), or null for the most probable class.</summary>
    public DecisionThreshold? Threshold { get; init; }
}
