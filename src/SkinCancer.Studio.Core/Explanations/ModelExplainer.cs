using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Imaging;
using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Core.Explanations;

/// <summary>
/// Explains a model's prediction for one image: one backbone pass over the model's test-time views that returns the
/// stage maps, then the head and the pooling differentiated in C#. Costs about what a prediction without the feature
/// cache costs; shared by the Try tab, the gallery, the API and the CLI, so all four show the same map.
/// </summary>
public sealed class ModelExplainer(StudioLimits limits)
{
    /// <summary>Checks the bytes as every upload is checked (format, size and pixel limits from the header), then decodes.</summary>
    public Image<Rgb24> Decode(byte[] bytes)
    {
        var check = ImageInspector.Inspect(bytes, limits);
        if (!check.Ok) throw new ExplanationInputException(check.Reason!);
        try
        {
            return ImageDecoding.LoadRgb(bytes);
        }
        catch (ImageDecodeException e)
        {
            throw new ExplanationInputException(e.Message);
        }
    }

    /// <summary>
    /// The explanation of <paramref name="bytes"/>, and the image with the heat map of <paramref name="label"/> (the
    /// predicted label when null) blended over it, as a PNG: what the API and the command line hand out.
    /// </summary>
    public (Explanation Explanation, string Label, byte[] OverlayPng) ExplainWithOverlay(ModelPackage model, byte[] bytes, string? label = null)
    {
        if (label is not null && !model.Metadata.Labels.Contains(label))
        {
            throw new ExplanationInputException($"'{label}' is not one of the model's labels ({string.Join(", ", model.Metadata.Labels)})");
        }
        using var image = Decode(bytes);
        var explanation = Explain(model, image);
        label ??= explanation.Predicted;
        return (explanation, label, HeatMapImages.OverlayPng(image, explanation.HeatMaps[label]));
    }

    public Explanation Explain(ModelPackage model, Image<Rgb24> image)
    {
        var views = model.Metadata.TestTimeViews;
        var layout = model.Layout;
        var stages = ViewExplanation.StagesOf(layout);
        var tensors = new float[views.Count * Preprocessing.TensorLength];
        using (var resized = Preprocessing.ResizeToInput(image))
        {
            for (int v = 0; v < views.Count; v++)
            {
                using var viewed = ImageViews.Apply(resized, views[v]);
                Preprocessing.WriteBackboneTensor(viewed, tensors.AsSpan(v * Preprocessing.TensorLength, Preprocessing.TensorLength));
            }
        }
        var backbone = StageMapBackbone.For(model.BackbonePath ?? ResNet18Backbone.DefaultModelPath);
        var maps = backbone.Run(tensors, views.Count, stages);

        var labels = model.Metadata.Labels;
        var probabilities = new float[labels.Count];
        int grid = stages.Max(s => s.Size);
        var signed = labels.Select(_ => stages.Select(_ => new float[grid * grid]).ToArray()).ToArray();
        for (int v = 0; v < views.Count; v++)
        {
            var viewMaps = stages.Select((s, i) => (ReadOnlyMemory<float>)maps[i].AsMemory(v * s.Length, s.Length)).ToArray();
            var view = ViewExplanation.Compute(model.Head, layout, stages, viewMaps);
            System.Numerics.Tensors.TensorPrimitives.Add(probabilities, view.Probabilities, probabilities);
            for (int label = 0; label < labels.Count; label++)
            {
                for (int s = 0; s < stages.Count; s++) GridViews.AddUnviewed(views[v], grid, view.SignedMaps[label][s], signed[label][s]);
            }
        }
        System.Numerics.Tensors.TensorPrimitives.Divide(probabilities, views.Count, probabilities);

        int best = DecisionThreshold.Decide(probabilities, labels, model.Metadata.Threshold);
        return new Explanation(
            labels,
            labels[best],
            labels.Select((l, i) => (l, p: (double)probabilities[i])).ToDictionary(x => x.l, x => x.p),
            labels.Select((l, i) => (l, map: HeatMap.FromStages(grid, signed[i]))).ToDictionary(x => x.l, x => x.map),
            image.Width,
            image.Height,
            views);
    }
}
