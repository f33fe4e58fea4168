using SixLabors.ImageSharp;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.Tests;

/// <summary>
/// A ring-vs-cross model trained once, with the real pipeline and backbone, for the explanation tests; and held-out
/// images with the boxes of their objects.
/// </summary>
public sealed class MarkedObjectModel : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();

    public ModelPackage Model { get; private set; } = null!;
    public IReadOnlyList<(string Path, string Label, Rectangle Box)> HeldOut { get; private set; } = [];
    public string ModelDirectory => _temp.Combine("model");

    public async Task InitializeAsync()
    {
        var train = _temp.Combine("train");
        MarkedObjectImages.Dataset(train, perClass: 40, seedOffset: 0);
        HeldOut = MarkedObjectImages.Dataset(_temp.Combine("held-out"), perClass: 20, seedOffset: 10_000);
        var options = new TrainingOptions { Epochs = 40, Patience = 40, HiddenUnits = 64, Augment = false, TestTimeAugmentation = false, Seed = 1 };
        var run = await new TrainingPipeline(ResNet18Backbone.Shared, new FeatureCache(_temp.Combine("ws")), new StudioLimits())
            .TrainAsync(train, options, ModelDirectory);
        Model = ModelPackage.Load(run.ModelDirectory);
    }

    public Task DisposeAsync()
    {
        _temp.Dispose();
        return Task.CompletedTask;
    }
}
