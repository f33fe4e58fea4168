namespace SkinCancer.Studio.Core.Evaluation;

/// <summary>What a two-class evaluation would have scored with another decision threshold (no re-run needed: every image's probabilities are kept).</summary>
public sealed record OperatingPoint(double Threshold, double Accuracy, double Sensitivity, double Specificity)
{
    public static OperatingPoint At(EvaluationReport report, string positiveLabel, double threshold)
    {
        if (report.Labels.Count != 2) throw new ArgumentException("operating points exist for two classes only");
        int truePositive = 0, falseNegative = 0, trueNegative = 0, falsePositive = 0;
        foreach (var image in report.Images)
        {
            bool predictedPositive = image.Probabilities[positiveLabel] >= threshold;
            bool positive = image.Label == positiveLabel;
            if (positive && predictedPositive) truePositive++;
            else if (positive) falseNegative++;
            else if (predictedPositive) falsePositive++;
            else trueNegative++;
        }
        int total = report.Images.Count;
        return new OperatingPoint(threshold,
            total == 0 ? 0 : (double)(truePositive + trueNegative) / total,
            truePositive + falseNegative == 0 ? 0 : (double)truePositive / (truePositive + falseNegative),
            trueNegative + falsePositive == 0 ? 0 : (double)trueNegative / (trueNegative + falsePositive));
    }
}
