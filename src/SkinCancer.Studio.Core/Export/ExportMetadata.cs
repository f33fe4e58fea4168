using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Imaging;
using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Core.Export;

/// <summary>
/// metadata.json beside every export: what a user of the file needs to feed it and read its output, without the studio.
/// </summary>
public sealed record ExportMetadata
{
    public const string FileName = "metadata.json";

    public const string Notice = "Not a diagnostic tool: a classifier trained on example images. It can be wrong; see a doctor about any skin concern.";

    public required string Format { get; init; }
    public required IReadOnlyList<string> Labels { get; init; }
    public required int InputSize { get; init; }
    public required string Input { get; init; }
    public required string Output { get; init; }
    public required string Resize { get; init; }
    /// <summary>The preprocessing the export's input must follow (the studio's id for <see cref="Resize"/>), and the one the model was trained with.</summary>
    public required string Preprocessing { get; init; }
    public required string TrainedWithPreprocessing { get; init; }
    /// <summary>A user's own code, in three lines, with the file shipped beside the model that does the preprocessing.</summary>
    public IReadOnlyList<string>? Usage { get; init; }
    public required string PreprocessingInsideModel { get; init; }
    public required string StudioVersion { get; init; }
    public string? TfjsVersion { get; init; }
    public int? OnnxOpset { get; init; }
    public required string Backbone { get; init; }
    public required string FeatureBlocks { get; init; }
    public required DateTimeOffset ModelCreatedUtc { get; init; }
    public required IReadOnlyList<int> TestTimeViews { get; init; }
    public required string TestTimeAugmentation { get; init; }
    public DecisionThreshold? Threshold { get; init; }
    public required string Decision { get; init; }
    public string Disclaimer { get; init; } = Notice;

    public static readonly IReadOnlyList<string> TfjsUsage =
    [
        "import { toInput } from './preprocess.js';",
        "const model = await tf.loadLayersModel(new URL('model.json', document.baseURI).href);",
        "const probabilities = await model.predict(await toInput(file)).data(); // file: a File, Blob, ImageBitmap or <img>; order of 'labels'",
    ];

    public static readonly IReadOnlyList<string> OnnxUsage =
    [
        "from preprocess import to_input  # preprocess.py beside model.onnx: Pillow + NumPy (C#: OnnxInput.cs + StretchResize.cs)",
        "session = onnxruntime.InferenceSession('model.onnx')",
        "probabilities = session.run(None, {'image': to_input('photo.jpg')})[0][0]  # order of 'labels'",
    ];

    public static ExportMetadata For(ModelPackage model, string format) => new()
    {
        Format = format,
        Labels = model.Metadata.Labels,
        InputSize = Imaging.Preprocessing.InputSize,
        Input = $"float32 [N, {Imaging.Preprocessing.InputSize}, {Imaging.Preprocessing.InputSize}, 3]: RGB, values 0-255 (no scaling), NHWC",
        Output = "float32 [N, labels]: class probabilities (softmax) in the order of 'labels'",
        Resize = Imaging.Preprocessing.ResizeRule,
        Preprocessing = Imaging.Preprocessing.Id,
        TrainedWithPreprocessing = model.Metadata.Preprocessing.Id,
        PreprocessingInsideModel = "channels reordered to BGR and the per-channel means " +
                                   $"[{string.Join(", ", Imaging.Preprocessing.MeanBgr.Select(m => m.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}] (B, G, R) subtracted",
        StudioVersion = ModelPackage.StudioVersion,
        Backbone = model.Metadata.Backbone.Id,
        FeatureBlocks = model.Metadata.Backbone.FeatureBlocks,
        ModelCreatedUtc = model.Metadata.CreatedUtc,
        TestTimeViews = model.Metadata.TestTimeViews,
        TestTimeAugmentation = DescribeViews(model.Metadata.TestTimeViews),
        Threshold = model.Metadata.Threshold,
        Decision = model.Metadata.Threshold is { } t && model.Metadata.Labels.Count == 2
            ? $"predict '{t.PositiveLabel}' when its probability is at least {t.Value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)}, otherwise the other label"
            : "predict the label with the highest probability",
    };

    /// <summary>Exports build the studio's test-time averaging in, so their output is the studio's probability as it is.</summary>
    private static string DescribeViews(IReadOnlyList<int> views) =>
        views.Count == 1
            ? "none: each image is predicted as it is"
            : $"built in: the output is the mean of the probabilities over the views {string.Join(", ", views.Select(v => ImageViews.All[v].Name))} " +
              $"(the network runs {views.Count} times per image, as in the studio)";
}
