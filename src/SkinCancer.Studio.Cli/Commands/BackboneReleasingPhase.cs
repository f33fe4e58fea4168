using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Cli.Commands;

/// <summary>
/// Fine-tuning for `studio train`, which owns its featurization backbone: the frozen features are all computed before
/// fine-tuning starts, so the backbone's ONNX Runtime session (~600 MB once loaded) is freed first instead of sitting
/// beside the stage-3 maps and TorchSharp until the process ends.
/// </summary>
internal sealed class BackboneReleasingPhase(IFineTuningPhase phase, ResNet18Backbone backbone) : IFineTuningPhase
{
    public TimeSpan Estimate(int imageCount, TrainingOptions options) => phase.Estimate(imageCount, options);

    public FineTuningOutput Run(FineTuningInput input, Action<RunProgress>? onProgress, CancellationToken cancellationToken)
    {
        backbone.Dispose();
        return phase.Run(input, onProgress, cancellationToken);
    }
}
