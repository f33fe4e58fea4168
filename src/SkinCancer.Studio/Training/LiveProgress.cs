using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Pipeline;

namespace SkinCancer.Studio.Web.Training;

/// <summary>
/// The latest progress of an active run that a page reopening mid-run must show at once (epochs are read back from the
/// catalogue instead): featurization, whether and why it will fine-tune, and the fine-tuning phase's bar.
/// </summary>
public sealed record LiveProgress(FeaturizationProgress? Featurization = null, FineTuningPlan? Plan = null, FineTuningProgress? FineTuning = null)
{
    public static LiveProgress Empty { get; } = new();

    /// <summary>This state with <paramref name="progress"/> folded in; progress of other kinds leaves it as it is.</summary>
    public LiveProgress With(RunProgress progress) => progress switch
    {
        FeaturizationProgress f => this with { Featurization = f },
        FineTuningPlan p => this with { Plan = p },
        FineTuningProgress t => this with { FineTuning = t },
        _ => this,
    };

    public static bool IsLive(RunProgress progress) => progress is FeaturizationProgress or FineTuningPlan or FineTuningProgress;
}
