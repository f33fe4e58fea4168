using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.Pipeline;

/// <summary>
/// The optional phase after the frozen head that fine-tunes part of the backbone. Core only declares it: the
/// SkinCancer.Studio.FineTuning project implements it with TorchSharp, so a front end that does not fine-tune carries
/// none of TorchSharp's ~560 MB of natives.
/// </summary>
public interface IFineTuningPhase
{
    /// <summary>Estimated wall time on this machine: shown before a run, and compared with the budget in auto mode.</summary>
    TimeSpan Estimate(int imageCount, TrainingOptions options);

    FineTuningOutput Run(FineTuningInput input, Action<RunProgress>? onProgress, CancellationToken cancellationToken);
}

/// <summary>What fine-tuning starts from: the prepared images, the frozen run (head and split) and the settings.</summary>
public sealed record FineTuningInput(PreparedDataset Prepared, TrainingResult Frozen, TrainingOptions Options, FeatureLayout Layout);

/// <summary>
/// The phase's result. When <see cref="FineTuningInfo.Kept"/>, <see cref="Head"/> and <see cref="Backbone"/> (ONNX bytes)
/// replace the frozen ones, <see cref="ValidationViews"/> are the test-time views it validated with, and
/// <see cref="Samples"/> carry the fine-tuned features of the validation images, to choose the decision threshold as a
/// frozen run does.
/// </summary>
public sealed record FineTuningOutput(FineTuningInfo Info)
{
    public MlpHead? Head { get; init; }
    public byte[]? Backbone { get; init; }
    public IReadOnlyList<TrainingSample>? Samples { get; init; }
    public IReadOnlyList<int>? ValidationViews { get; init; }
}
