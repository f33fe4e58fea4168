using SkinCancer.Studio.Core.Evaluation;

namespace SkinCancer.Studio.Core.Tests;

public sealed class MetricsTests
{
    [Fact]
    public void Metrics_match_a_hand_computed_confusion_matrix()
    {
        // truth:     0 0 0 0 1 1 1 2 2 2
        // predicted: 0 0 1 2 1 1 0 2 2 2
        int[] truth = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
        int[] predicted = [0, 0, 1, 2, 1, 1, 0, 2, 2, 2];
        var confusion = ClassificationMetrics.Confusion(truth, predicted, 3);

        Assert.Equal([2, 1, 1], confusion[0]);
        Assert.Equal([1, 2, 0], confusion[1]);
        Assert.Equal([0, 0, 3], confusion[2]);
        Assert.Equal(0.7, ClassificationMetrics.Accuracy(confusion), 10);

        var c0 = ClassificationMetrics.ForClass(confusion, 0);
        Assert.Equal(2.0 / 3, c0.Precision, 10);
        Assert.Equal(0.5, c0.Recall, 10);
        Assert.Equal(2 * (2.0 / 3) * 0.5 / (2.0 / 3 + 0.5), c0.F1, 10);
        Assert.Equal(4, c0.Support);
        var c2 = ClassificationMetrics.ForClass(confusion, 2);
        Assert.Equal(0.75, c2.Precision, 10);
        Assert.Equal(1.0, c2.Recall, 10);
    }

    [Fact]
    public void Roc_auc_counts_ties_as_half_and_needs_both_classes()
    {
        // Positives 0.9, 0.4; negatives 0.4, 0.1: pairs (0.9>0.4) (0.9>0.1) (0.4=0.4 → ½) (0.4>0.1) = 3.5 / 4.
        bool[] positive = [true, true, false, false];
        double[] score = [0.9, 0.4, 0.4, 0.1];
        Assert.Equal(0.875, ClassificationMetrics.RocAuc(positive, score)!.Value, 10);
        Assert.Null(ClassificationMetrics.RocAuc([true, true], [0.1, 0.2]));

        var curve = ClassificationMetrics.RocCurve(positive, score);
        Assert.Equal((0.0, 0.0), (curve[0].Fpr, curve[0].Tpr));
        Assert.Equal((1.0, 1.0), (curve[^1].Fpr, curve[^1].Tpr));
    }
}

public sealed class OperatingPointTests
{
    [Fact]
    public void Moving_the_threshold_rescores_the_stored_probabilities()
    {
        ImagePrediction Image(string label, double malignant) =>
            new($"{label}-{malignant}", label, "?", new Dictionary<string, double> { ["benign"] = 1 - malignant, ["malignant"] = malignant });
        var report = new EvaluationReport(0, ["benign", "malignant"], [[0, 0], [0, 0]], new Dictionary<string, ClassMetrics>(), null,
            [Image("malignant", 0.9), Image("malignant", 0.4), Image("benign", 0.3), Image("benign", 0.1)], []);

        var strict = OperatingPoint.At(report, "malignant", 0.5);
        Assert.Equal((0.75, 0.5, 1.0), (strict.Accuracy, strict.Sensitivity, strict.Specificity));
        var lenient = OperatingPoint.At(report, "malignant", 0.25);
        Assert.Equal((0.75, 1.0, 0.5), (lenient.Accuracy, lenient.Sensitivity, lenient.Specificity));
    }
}
