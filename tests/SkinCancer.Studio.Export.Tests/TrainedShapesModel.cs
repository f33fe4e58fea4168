using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Export;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Export.Tests;

/// <summary>
/// Shared by the export tests (trained once): a model trained by the real pipeline on generated shapes, using every
/// kind of feature tap (average, max and centre pooling of three stages) and a hidden layer; its TF.js and ONNX exports;
/// 51 further generated images with the studio's own probabilities for them. Also a second, linear model with the
/// default blocks that averages over the eight test-time views, with exports and studio probabilities for a few images.
/// </summary>
public sealed class TrainedShapesModel : IAsyncLifetime
{
    public const string AllBlocks = "block2,block3,block4,block3max,block4max,block3center,block4center";

    private readonly TempDirectory _temp = new();

    public string ModelDirectory => _temp.Combine("model");
    public string TfjsDirectory => _temp.Combine("tfjs");
    public string OnnxDirectory => _temp.Combine("onnx");
    public string InputsPath => _temp.Combine("inputs.f32");
    public string Root => _temp.Path;
    public ModelPackage Model { get; private set; } = null!;
    public IReadOnlyList<string> TestImages { get; private set; } = [];
    public float[] Inputs { get; private set; } = [];
    public float[][] StudioProbabilities { get; private set; } = [];

    public const int ViewImages = 4;
    public string ViewsModelDirectory => _temp.Combine("views-model");
    public string ViewsTfjsDirectory => _temp.Combine("views-tfjs");
    public string ViewsOnnxDirectory => _temp.Combine("views-onnx");
    public string ViewsInputsPath => _temp.Combine("views-inputs.f32");
    public ModelPackage ViewsModel { get; private set; } = null!;
    public float[][] ViewsStudioProbabilities { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var train = _temp.Combine("train");
        ShapeImages.WriteDataset(train, perClass: 16, seedOffset: 0);
        TestImages = ShapeImages.WriteDataset(_temp.Combine("test"), perClass: 17, seedOffset: 50_000);

        var limits = new StudioLimits();
        var options = new TrainingOptions
        {
            FeatureBlocks = AllBlocks, HiddenUnits = 24, Epochs = 25, Patience = 25, Seed = 7, Augment = false, TestTimeAugmentation = false,
        };
        var pipeline = new TrainingPipeline(ResNet18Backbone.Shared, new FeatureCache(_temp.Combine("workspace")), limits);
        await pipeline.TrainAsync(train, options, ModelDirectory);
        Model = ModelPackage.Load(ModelDirectory);

        var (predictions, skipped) = await new ModelRunner(ResNet18Backbone.Shared, cache: null, limits).PredictFilesAsync(Model, TestImages);
        Assert.Empty(skipped);
        StudioProbabilities = predictions.Select(p => Model.Metadata.Labels.Select(l => (float)p.Probabilities[l]).ToArray()).ToArray();

        Inputs = ExportInputs.FromFiles(TestImages);
        ExportInputs.Write(InputsPath, Inputs);
        new TfjsExporter().Export(Model, TfjsDirectory);
        new OnnxExporter().Export(Model, OnnxDirectory);

        await TrainViewsModelAsync(pipeline, limits);
    }

    private async Task TrainViewsModelAsync(TrainingPipeline pipeline, StudioLimits limits)
    {
        var train = _temp.Combine("views-train");
        ShapeImages.WriteDataset(train, perClass: 6, seedOffset: 0);
        // As a small set trains by default: on the eight views, an ensemble of heads merged into one wider head.
        var options = new TrainingOptions { HiddenUnits = 4, EnsembleSize = 3, Augment = true, Epochs = 20, Patience = 20, Seed = 3 };
        await pipeline.TrainAsync(train, options, ViewsModelDirectory);
        ViewsModel = ModelPackage.Load(ViewsModelDirectory);
        Assert.Equal(8, ViewsModel.Metadata.TestTimeViews.Count);
        Assert.Equal(4 * 3, ViewsModel.Metadata.Head.HiddenUnits);

        var images = TestImages.Take(ViewImages).ToArray();
        var (predictions, _) = await new ModelRunner(ResNet18Backbone.Shared, cache: null, limits).PredictFilesAsync(ViewsModel, images);
        ViewsStudioProbabilities = predictions.Select(p => ViewsModel.Metadata.Labels.Select(l => (float)p.Probabilities[l]).ToArray()).ToArray();
        ExportInputs.Write(ViewsInputsPath, Inputs.AsSpan(0, ViewImages * Core.Imaging.Preprocessing.TensorLength));
        new TfjsExporter().Export(ViewsModel, ViewsTfjsDirectory);
        new OnnxExporter().Export(ViewsModel, ViewsOnnxDirectory);
    }

    public Task DisposeAsync()
    {
        // For investigating a parity failure: the exports and inputs stay on disk to be run by hand.
        if (Environment.GetEnvironmentVariable("SCS_KEEP_EXPORT_TEST_FILES") == "1") return Task.CompletedTask;
        _temp.Dispose();
        return Task.CompletedTask;
    }
}
