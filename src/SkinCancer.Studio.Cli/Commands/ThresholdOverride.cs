using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Cli.Commands;

/// <summary>`--threshold X` on evaluate/predict: try another operating point without retraining (two-class models).</summary>
internal static class ThresholdOverride
{
    public static ModelPackage Apply(ModelPackage model, double? value)
    {
        if (value is null) return model;
        var labels = model.Metadata.Labels;
        if (labels.Count != 2) throw new UsageException("--threshold applies to two-class models only");
        if (value is < 0 or > 1) throw new UsageException("--threshold must be between 0 and 1");
        var positive = model.Metadata.Threshold?.PositiveLabel ?? labels[1];
        return model with { Metadata = model.Metadata with { Threshold = new DecisionThreshold(positive, value.Value, null, null, null) } };
    }
}
