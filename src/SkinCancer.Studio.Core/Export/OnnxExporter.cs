using System.Text.Json;
using Google.Protobuf;
using Onnx;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Imaging;
using SkinCancer.Studio.Core.ModelPackages;
using static SkinCancer.Studio.Core.Export.OnnxGraphBuilding;

namespace SkinCancer.Studio.Core.Export;

/// <summary>
/// One .onnx file with the TF.js export's contract (RGB 0–255 NHWC [N,224,224,3] in, probabilities out, dynamic batch),
/// made by editing the shipped ResNet18 graph: the backbone's own nodes run unchanged, so ONNX Runtime computes what the
/// studio computes. Preprocessing and head are spelled exactly as the studio does them (no folding). A model with
/// test-time views gets them inside the graph: the views run as one batch and their probabilities are averaged.
/// </summary>
public sealed class OnnxExporter(string? resNet18Path = null)
{
    public const string ModelFile = "model.onnx";
    public const string InputName = "image";
    public const string OutputName = "probabilities";

    private readonly string _resNet18Path = resNet18Path ?? ResNet18Backbone.DefaultModelPath;

    public int Opset { get; private set; }

    public ExportResult Export(ModelPackage model, string outputDirectory)
    {
        Directory.CreateDirectory(outputDirectory);
        var onnx = Build(model);
        File.WriteAllBytes(Path.Combine(outputDirectory, ModelFile), onnx.ToByteArray());
        var metadata = ExportMetadata.For(model, "onnx") with { OnnxOpset = Opset, Usage = ExportMetadata.OnnxUsage };
        File.WriteAllText(Path.Combine(outputDirectory, ExportMetadata.FileName), JsonSerializer.Serialize(metadata, StudioJson.Options));
        ExportAssets.Write(outputDirectory, ExportAssets.PreprocessPy, ExportAssets.OnnxInputCs, ExportAssets.StretchResizeCs, ExportAssets.LibjpegDecodingCs,
            ExportAssets.ChromaUpsamplingCs, ExportAssets.YccToRgbCs);
        File.WriteAllText(Path.Combine(outputDirectory, "README.md"), ExportAssets.Read(ExportAssets.OnnxReadme));
        return ExportResult.Of(outputDirectory);
    }

    internal ModelProto Build(ModelPackage model)
    {
        // A fine-tuned model carries its own backbone weights.
        var resNet18Path = model.BackbonePath ?? _resNet18Path;
        if (!File.Exists(resNet18Path))
        {
            throw new FileNotFoundException($"The ResNet18 model is missing at {resNet18Path}; rebuild the project.", resNet18Path);
        }
        var onnx = ModelProto.Parser.ParseFrom(File.ReadAllBytes(resNet18Path));
        Opset = (int)onnx.OpsetImport.Single(o => o.Domain.Length == 0).Version;
        var graph = onnx.Graph;
        // The value_info entries pin the batch to 1; without them ORT infers shapes for any batch size.
        graph.ValueInfo.Clear();
        graph.Output.Clear();
        graph.Input.Remove(graph.Input.Single(i => i.Name == BackboneGraph.InputName));
        graph.Input.Insert(0, BatchedFloat(InputName, Preprocessing.InputSize, Preprocessing.InputSize, 3));

        var views = model.Metadata.TestTimeViews;
        var backboneNodes = graph.Node.ToArray();
        graph.Node.Clear();
        AddPreprocessing(graph, views.Count == 1 ? BackboneGraph.InputName : "image_preprocessed");
        if (views.Count > 1) AddViews(graph, "image_preprocessed", views, BackboneGraph.InputName);
        graph.Node.AddRange(backboneNodes);

        var features = AddTaps(graph, ExportTap.For(model.Layout));
        AddHead(graph, model, features, views.Count == 1 ? OutputName : "view_probabilities");
        if (views.Count > 1) AddViewAverage(graph, "view_probabilities", views.Count, model.Metadata.Labels.Count);
        graph.Output.Add(BatchedFloat(OutputName, model.Metadata.Labels.Count));
        OnnxGraphPruning.Prune(graph);

        graph.Name = "skin_cancer_studio";
        onnx.ProducerName = "SkinCancer Studio";
        onnx.ProducerVersion = ModelPackage.StudioVersion;
        onnx.DocString = ExportMetadata.Notice;
        onnx.MetadataProps.Add(new StringStringEntryProto { Key = "labels", Value = JsonSerializer.Serialize(model.Metadata.Labels) });
        onnx.MetadataProps.Add(new StringStringEntryProto { Key = "input", Value = "image: float32 [N,224,224,3] RGB 0-255" });
        return onnx;
    }

    /// <summary>NHWC RGB 0–255 → planar BGR minus the channel means, the backbone's input: Transpose, Gather, Sub.</summary>
    private static void AddPreprocessing(GraphProto graph, string output)
    {
        graph.Node.Add(Node("Transpose", "to_nchw", [InputName], "image_nchw", Ints("perm", 0, 3, 1, 2)));
        var order = Constant(graph, Longs("bgr_order", [2, 1, 0], 3));
        graph.Node.Add(Node("Gather", "rgb_to_bgr", ["image_nchw", order], "image_bgr", Int("axis", 1)));
        var mean = Constant(graph, Floats("mean_bgr", Preprocessing.MeanBgr.ToArray(), 1, 3, 1, 1));
        graph.Node.Add(Node("Sub", "subtract_mean", ["image_bgr", mean], output));
    }

    /// <summary>Stacks the views of each image along the batch axis, view-major: [views × N, 3, H, W].</summary>
    private static void AddViews(GraphProto graph, string input, IReadOnlyList<int> views, string output)
    {
        var reversed = Constant(graph, Longs("reversed_index", Enumerable.Range(0, Preprocessing.InputSize).Reverse().Select(i => (long)i).ToArray(), Preprocessing.InputSize));
        var stacked = new List<string>();
        foreach (var view in views)
        {
            var current = input;
            int step = 0;
            foreach (var transform in ViewTransforms.For(view))
            {
                var name = $"view{view}_step{++step}";
                graph.Node.Add(transform switch
                {
                    PixelTransform.Transpose => Node("Transpose", name, [current], name, Ints("perm", 0, 1, 3, 2)),
                    PixelTransform.FlipWidth => Node("Gather", name, [current, reversed], name, Int("axis", 3)),
                    _ => Node("Gather", name, [current, reversed], name, Int("axis", 2)),
                });
                current = name;
            }
            stacked.Add(current);
        }
        graph.Node.Add(Node("Concat", "views", stacked.ToArray(), output, Int("axis", 0)));
    }

    /// <summary>[views × N, classes] → [views, N, classes] → mean over views: the studio's test-time averaging.</summary>
    private static void AddViewAverage(GraphProto graph, string input, int views, int classes)
    {
        var shape = Constant(graph, Longs("view_major_shape", [views, -1, classes], 3));
        graph.Node.Add(Node("Reshape", "split_views", [input, shape], "probabilities_by_view"));
        graph.Node.Add(Node("ReduceMean", "average_views", ["probabilities_by_view"], OutputName, Ints("axes", 0), Int("keepdims", 0)));
    }

    private static string AddTaps(GraphProto graph, IReadOnlyList<ExportTap> taps)
    {
        var flattened = new List<string>();
        foreach (var tap in taps)
        {
            var source = tap.Activation;
            if (tap.IsCentre)
            {
                source = $"{tap.Block}_centre";
                graph.Node.Add(Node("Slice", source, [tap.Activation], source,
                    Ints("axes", 2, 3), Ints("starts", tap.CenterStart, tap.CenterStart), Ints("ends", tap.CenterEnd, tap.CenterEnd)));
            }
            var pooled = $"{tap.Block}_pool";
            graph.Node.Add(Node(tap.MaxPooling ? "GlobalMaxPool" : "GlobalAveragePool", pooled, [source], pooled));
            var flat = $"{tap.Block}_flat";
            graph.Node.Add(Node("Flatten", flat, [pooled], flat, Int("axis", 1)));
            flattened.Add(flat);
        }
        if (flattened.Count == 1) return flattened[0];
        graph.Node.Add(Node("Concat", "features", flattened.ToArray(), "features", Int("axis", 1)));
        return "features";
    }

    private static void AddHead(GraphProto graph, ModelPackage model, string features, string output)
    {
        var head = model.Head;
        var mean = Constant(graph, Floats("head_mean", head.Mean, 1, head.InputLength));
        var inverseStd = Constant(graph, Floats("head_inverse_std", head.InverseStd, 1, head.InputLength));
        graph.Node.Add(Node("Sub", "head_centre", [features, mean], "head_centred"));
        graph.Node.Add(Node("Mul", "head_scale", ["head_centred", inverseStd], "head_standardised"));

        var current = "head_standardised";
        var layers = head.Layers.ToArray();
        for (int i = 0; i < layers.Length; i++)
        {
            var layer = layers[i];
            var name = $"head_dense{i + 1}";
            // Gemm with transB reads the [out, in] rows the studio stores, as they are.
            var weights = Constant(graph, Floats($"{name}_weights", layer.Weights, layer.Outputs, layer.Inputs));
            var bias = Constant(graph, Floats($"{name}_bias", layer.Bias, layer.Outputs));
            graph.Node.Add(Node("Gemm", name, [current, weights, bias], name, Int("transB", 1)));
            current = name;
            if (i < layers.Length - 1)
            {
                graph.Node.Add(Node("Relu", $"{name}_relu", [current], $"{name}_relu"));
                current = $"{name}_relu";
            }
        }
        graph.Node.Add(Node("Softmax", "softmax", [current], output, Int("axis", 1)));
    }
}
