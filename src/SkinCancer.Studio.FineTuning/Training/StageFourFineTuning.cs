using System.Diagnostics;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Core.Training;
using SkinCancer.Studio.FineTuning.Maps;
using SkinCancer.Studio.FineTuning.Network;
using static TorchSharp.torch;

namespace SkinCancer.Studio.FineTuning.Training;

/// <summary>
/// The fine-tuning phase of a run: stage-3 maps of every image (ONNX Runtime, once; with random crops, the training
/// images' crops again each epoch), then <see cref="StageFineTuner"/>
/// on stage 4 and the head, then, when the fine-tuned network validates better, its weights written into ResNet18.onnx.
/// </summary>
public sealed class StageFourFineTuning(string? resNet18Path = null) : IFineTuningPhase
{
    private readonly string _resNet18Path = resNet18Path ?? ResNet18Backbone.DefaultModelPath;

    /// <summary>
    /// From the phases of full skin runs measured on this 2-core machine when it was quiet (2,636 images, 2 views:
    /// stage-3 maps from the graph cut after stage 3 at ~60 views/s, all views counted although a cold run takes the
    /// identity views from featurization (<see cref="CapturedStageMaps"/>), so the estimate errs long; 72–76 s per epoch = 2,109 training images at ~32 images/s, with libtorch's
    /// buffers returned to the system after each step (<see cref="Memory.LargeBufferReturn"/>, ~10 % slower than when
    /// they were kept, at 35 images/s), plus 1,054 validation views at ~120 views/s; docs/accuracy.md), scaled by the core count. A busy machine is slower; the estimate says what this
    /// machine does when the run has it to itself.
    /// </summary>
    public TimeSpan Estimate(int imageCount, TrainingOptions options)
    {
        double speed = Math.Max(1, Environment.ProcessorCount) / 2.0;
        double maps = imageCount * options.FineTuneViews / (MapViewsPerSecond * speed);
        double trainSpeed = StageFineTuner.UsesBFloat16(options) ? BFloat16TrainImagesPerSecond : TrainImagesPerSecond;
        double train = imageCount * (1 - options.ValidationSplit) / (trainSpeed * speed);
        // Random crops compute the training images' stage-3 maps again every epoch.
        if (options.FineTuneCropScale < 1) train += imageCount * (1 - options.ValidationSplit) / (MapViewsPerSecond * speed);
        // The weight average is validated beside the weights themselves: two passes per epoch.
        int passes = options.FineTuneWeightAverage ? 2 : 1;
        double validate = passes * imageCount * options.ValidationSplit * options.FineTuneViews / (ValidationViewsPerSecond * speed);
        return TimeSpan.FromSeconds(maps + options.FineTuneEpochs * (train + validate));
    }

    /// <summary>Training in bfloat16 on a CPU that computes it natively: 61 images/s measured on the skin holdout's epochs.</summary>
    internal const double MapViewsPerSecond = 60, TrainImagesPerSecond = 32, BFloat16TrainImagesPerSecond = 60, ValidationViewsPerSecond = 120;

    public FineTuningOutput Run(FineTuningInput input, Action<RunProgress>? onProgress, CancellationToken cancellationToken)
    {
        var (prepared, frozen, options, layout) = input;
        if (!FineTuneNetwork.Supports(layout))
        {
            return new(new FineTuningInfo { Mode = "", Ran = false, Kept = false, Reason = $"feature blocks {layout} include block2, which lies before stage 3's maps" });
        }
        var views = Enumerable.Range(0, options.FineTuneViews).ToArray();
        var labels = prepared.Samples.Select(s => s.Label).ToArray();

        var clock = Stopwatch.StartNew();
        var images = prepared.Report.Images;
        var paths = images.Select(i => i.Path).ToArray();
        var maps = StageMapBuilder.Compute(_resNet18Path, paths, views, onProgress, cancellationToken,
            prepared.StageMaps is { } kept ? (image, view) => kept.Find(images[image].Hash, view) : null);
        prepared.StageMaps?.Clear(); // the maps now hold them
        var mapsTime = clock.Elapsed;
        clock.Restart();
        using var crops = RandomCropMaps.For(options, _resNet18Path, paths);
        using var outcome = new StageFineTuner(options).Run(StageNetwork.Stage4(_resNet18Path), frozen.Head, layout, maps, labels,
            frozen.TrainIndices, frozen.ValidationIndices, frozen.History.Count + 1, onProgress, cancellationToken, crops);
        var info = new FineTuningInfo
        {
            Mode = "",
            Ran = true,
            Kept = outcome.Kept,
            Reason = outcome.Reason,
            Stages = ["stage4"],
            TrainingPrecision = outcome.BFloat16 ? "bfloat16" : "float32",
            WeightAverage = outcome.Kept && outcome.WeightAverage,
            CropScale = crops is null ? null : options.FineTuneCropScale,
            EpochsRun = outcome.History.Count,
            BestEpoch = outcome.BestEpoch,
            FrozenValidationLoss = outcome.FrozenValidationLoss,
            FrozenValidationAccuracy = outcome.FrozenValidationAccuracy,
            FineTunedValidationLoss = outcome.BestValidationLoss,
            FineTunedValidationAccuracy = outcome.BestValidationAccuracy,
            PhaseSeconds = new Dictionary<string, double> { ["stage-maps"] = mapsTime.TotalSeconds, ["fine-tune"] = clock.Elapsed.TotalSeconds },
        };
        if (!outcome.Kept) return new FineTuningOutput(info);

        var samples = prepared.Samples.ToArray();
        foreach (var index in frozen.ValidationIndices)
        {
            samples[index] = samples[index] with { Views = views.Select(v => Features(outcome.Network, maps, index, v)).ToArray(), TestViews = null };
        }
        return new FineTuningOutput(info)
        {
            Head = outcome.Head,
            Backbone = OnnxWeightWriter.Write(File.ReadAllBytes(_resNet18Path), outcome.Stage),
            Samples = samples,
            ValidationViews = views,
        };
    }

    /// <summary>The pooled features the fine-tuned network gives one cached view of an image: what its head reads.</summary>
    internal static float[] Features(FineTuneNetwork network, StageMaps maps, int image, int view)
    {
        network.eval();
        using var _ = no_grad();
        var map = new float[StageMaps.Length];
        maps.CopyTo(image, view, map);
        using var input = tensor(map, [1, StageMaps.Channels, StageMaps.Size, StageMaps.Size]);
        using var features = network.Features(input);
        return features.data<float>().ToArray();
    }
}
