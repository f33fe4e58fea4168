using SkinCancer.Studio.Core.Training;
using SkinCancer.Studio.FineTuning.Network;

namespace SkinCancer.Studio.FineTuning.Training;

/// <summary>
/// What fine-tuning produced: the best epoch's stage and head (restored), the frozen start's validation figures for
/// comparison, and whether the fine-tuned network is kept, with the reason in words.
/// </summary>
internal sealed record FineTuningOutcome(
    FineTuneNetwork Network,
    MlpHead Head,
    IReadOnlyList<EpochMetrics> History,
    int BestEpoch,
    double FrozenValidationLoss,
    double FrozenValidationAccuracy,
    double BestValidationLoss,
    double BestValidationAccuracy,
    TimeSpan Duration) : IDisposable
{
    public StageNetwork Stage => Network.Stage;

    /// <summary>Whether the training steps ran in bfloat16.</summary>
    public bool BFloat16 { get; init; }

    /// <summary>Whether the best epoch's weights are the moving average of the steps' weights rather than the last step's.</summary>
    public bool WeightAverage { get; init; }

    public void Dispose() => Network.Dispose();

    /// <summary>Kept when it validates better: a lower validation loss without a lower validation accuracy.</summary>
    public bool Kept => BestEpoch > 0 && BestValidationLoss < FrozenValidationLoss && BestValidationAccuracy >= FrozenValidationAccuracy;

    public string Reason => Kept
        ? $"fine-tuned network kept{(WeightAverage ? " (the average of its last steps' weights)" : "")}: validation loss {BestValidationLoss:F4} < {FrozenValidationLoss:F4} and accuracy {BestValidationAccuracy:P1} ≥ {FrozenValidationAccuracy:P1} of the frozen model"
        : $"frozen model kept: fine-tuning's best validation loss {BestValidationLoss:F4} / accuracy {BestValidationAccuracy:P1} did not beat the frozen model's {FrozenValidationLoss:F4} / {FrozenValidationAccuracy:P1}";
}
