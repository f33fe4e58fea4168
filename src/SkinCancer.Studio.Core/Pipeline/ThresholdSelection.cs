using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.Pipeline;

/// <summary>Sets a two-class model's decision threshold on its validation images for the requested sensitivity (out of fold, each scored by the head that held it out).</summary>
public static class ThresholdSelection
{
    public static DecisionThreshold? Choose(TrainingResult result, IReadOnlyList<TrainingSample> samples, IReadOnlyList<string> labels, TrainingOptions options)
    {
        if (labels.Count != 2 || options.TargetSensitivity <= 0 || result.ValidationIndices.Length == 0) return null;
        var positiveLabel = options.PositiveLabel ?? labels[1];
        int positive = labels.ToList().IndexOf(positiveLabel);
        if (positive < 0) throw new ArgumentException($"positive label '{positiveLabel}' is not one of the classes ({string.Join(", ", labels)})");

        var probabilities = new float[2];
        var scores = result.ValidationIndices.Select(i =>
        {
            HeadPrediction.PredictAveraged(result.ValidatingHead(i), samples[i].ViewsForTesting, probabilities);
            return (Score: (double)probabilities[positive], IsPositive: samples[i].Label == positive);
        }).ToArray();
        // Only ever lowered from 0.5 (the most-probable-class rule): a model that already finds more positives than the
        // target keeps them rather than trading sensitivity for specificity.
        double value = Math.Min(0.5, DecisionThreshold.ForSensitivity(scores.Where(s => s.IsPositive).Select(s => s.Score).ToArray(), options.TargetSensitivity));

        var positives = scores.Where(s => s.IsPositive).ToArray();
        var negatives = scores.Where(s => !s.IsPositive).ToArray();
        return new DecisionThreshold(positiveLabel, value, options.TargetSensitivity,
            positives.Length == 0 ? null : positives.Count(s => s.Score >= value) / (double)positives.Length,
            negatives.Length == 0 ? null : negatives.Count(s => s.Score < value) / (double)negatives.Length);
    }
}
