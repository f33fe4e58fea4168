namespace SkinCancer.Studio.Core.Evaluation;

/// <summary>
/// For two classes: predict <see cref="PositiveLabel"/> when its probability is at least <see cref="Value"/>.
/// Chosen on validation data to reach a target sensitivity, stored in the model, and applied the same way by evaluation,
/// prediction and every export (which carry it in their metadata.json).
/// </summary>
public sealed record DecisionThreshold(string PositiveLabel, double Value, double? TargetSensitivity, double? ValidationSensitivity, double? ValidationSpecificity)
{
    /// <summary>The predicted class index under an optional threshold; the most probable class without one.</summary>
    public static int Decide(ReadOnlySpan<float> probabilities, IReadOnlyList<string> labels, DecisionThreshold? threshold)
    {
        if (threshold is null || labels.Count != 2)
        {
            return System.Numerics.Tensors.TensorPrimitives.IndexOfMax(probabilities);
        }
        int positive = labels[1] == threshold.PositiveLabel ? 1 : 0;
        return probabilities[positive] >= threshold.Value ? positive : 1 - positive;
    }

    /// <summary>
    /// The highest threshold whose sensitivity on the given scores reaches <paramref name="target"/>: the k-th highest
    /// positive score, k = ⌈target × positives⌉. Higher thresholds would miss more positives; lower ones add false alarms.
    /// </summary>
    public static double ForSensitivity(IReadOnlyList<double> positiveScoresOfPositives, double target)
    {
        if (positiveScoresOfPositives.Count == 0) return 0.5;
        var sorted = positiveScoresOfPositives.OrderByDescending(s => s).ToArray();
        int k = Math.Clamp((int)Math.Ceiling(target * sorted.Length - 1e-9), 1, sorted.Length);
        return sorted[k - 1];
    }
}
