using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Imaging;
using SkinCancer.Studio.Core.Training;
using SkinCancer.Studio.FineTuning.Maps;

namespace SkinCancer.Studio.FineTuning.Tests;

/// <summary>
/// Computed once for the fine-tuning tests: the side-discs images, their stage-3 maps, and
/// the frozen head the studio trains on their pooled ONNX Runtime features, as a run's first phase does.
/// </summary>
public sealed class FineTuningFixture : IDisposable
{
    public static readonly int[] Views = [0];
    private readonly TempDirectory _folder = new();

    public FineTuningFixture()
    {
        (Paths, Labels) = SideDiscs.Write(_folder.Path, perClass: 24);
        Maps = StageMapBuilder.Compute(BackboneInputs.ShippedModel, Paths, Views, null, CancellationToken.None);
        Layout = FeatureLayout.Parse(Options.FeatureBlocks);

        using var backbone = new ResNet18Backbone(BackboneInputs.ShippedModel);
        var samples = Paths.Select((path, i) => new TrainingSample(Labels[i], Views.Select(v => Layout.Select(Features(backbone, path, v))).ToArray())).ToArray();
        Frozen = new HeadTrainer(Options).Train(samples, classCount: 2);
    }

    /// <summary>
    /// The frozen start is a linear head on the last stage's pooled features (the classic frozen-feature classifier);
    /// fine-tuning is short, with a brisker head learning rate than the default, for a test.
    /// </summary>
    public static TrainingOptions BriskOptions { get; } = new()
    {
        FeatureBlocks = "block4",
        HiddenUnits = 0,
        ValidationSplit = 0.3,
        EnsembleSize = 1, // fine-tuning starts from one head validated on one held-out split, as a run that fine-tunes trains it
        FineTuneEpochs = 8,
        FineTunePatience = 8,
        FineTuneLearningRate = 1e-4,
        FineTuneHeadLearningRate = 1e-3,
        FineTuneBatchSize = 16,
    };

    public TrainingOptions Options => BriskOptions;

    public string[] Paths { get; }
    public int[] Labels { get; }
    internal StageMaps Maps { get; }
    public FeatureLayout Layout { get; }
    public TrainingResult Frozen { get; }

    private static float[] Features(ResNet18Backbone backbone, string path, int view)
    {
        using var image = ImageDecoding.LoadRgb(File.ReadAllBytes(path));
        using var resized = Preprocessing.ResizeToInput(image);
        using var viewed = ImageViews.Apply(resized, view);
        var tensor = new float[Preprocessing.TensorLength];
        Preprocessing.WriteBackboneTensor(viewed, tensor);
        var features = new float[FeatureLayout.FullLength];
        backbone.Run(tensor, 1, features);
        return features;
    }

    public void Dispose() => _folder.Dispose();
}
