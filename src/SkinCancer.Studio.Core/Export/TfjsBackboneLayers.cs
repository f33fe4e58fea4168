using System.Text.Json.Nodes;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Imaging;

namespace SkinCancer.Studio.Core.Export;

/// <summary>
/// Emits ResNet18 and its pooling taps as standard TF.js layers: asymmetric ONNX padding becomes ZeroPadding2D before a
/// 'valid' Conv2D/MaxPooling2D, folded BatchNormalization lives in the Conv2D bias, centre taps are Cropping2D.
/// Layer names are fixed, so emitting twice (another test-time view) shares the layers and their weights.
/// </summary>
internal sealed class TfjsBackboneLayers(TfjsModelBuilder builder, IReadOnlyList<BackboneOperation> operations)
{
    /// <summary>Backbone input (preprocessed NHWC) → the concatenated pooled features the head expects.</summary>
    public TfjsTensor Features(TfjsTensor input, IReadOnlyList<ExportTap> taps)
    {
        var tensors = new Dictionary<string, (TfjsTensor Tensor, int Size)>(StringComparer.Ordinal)
        {
            [BackboneGraph.InputName] = (input, Preprocessing.InputSize),
        };
        foreach (var operation in operations) tensors[operation.Output] = Add(operation, tensors);
        var pooled = taps.Select(tap => AddTap(tap, tensors[tap.Activation])).ToArray();
        return pooled.Length == 1 ? pooled[0] : builder.Layer("Concatenate", "features", new JsonObject { ["axis"] = -1 }, pooled);
    }

    private (TfjsTensor, int) Add(BackboneOperation operation, Dictionary<string, (TfjsTensor Tensor, int Size)> tensors)
    {
        switch (operation)
        {
            case ConvolutionOperation conv:
            {
                var (source, size) = Pad(conv.Name, conv.Padding, tensors[conv.Input]);
                var layer = builder.Layer("Conv2D", conv.Name, ConvConfig(conv.Filters, conv.Kernel, conv.Stride), source);
                builder.Weight(conv.Name, "kernel", [conv.Kernel, conv.Kernel, conv.InputChannels, conv.Filters], () => ToHwio(conv));
                builder.Weight(conv.Name, "bias", [conv.Filters], () => conv.Bias);
                return (layer, (size - conv.Kernel) / conv.Stride + 1);
            }
            case MaxPoolOperation pool:
            {
                var (source, size) = Pad(pool.Name, pool.Padding, tensors[pool.Input]);
                var layer = builder.Layer("MaxPooling2D", pool.Name, new JsonObject
                {
                    ["pool_size"] = new JsonArray(pool.Kernel, pool.Kernel),
                    ["strides"] = new JsonArray(pool.Stride, pool.Stride),
                    ["padding"] = "valid",
                    ["data_format"] = "channels_last",
                }, source);
                return (layer, (size - pool.Kernel) / pool.Stride + 1);
            }
            case ReluOperation relu:
                return (builder.Layer("Activation", relu.Name, new JsonObject { ["activation"] = "relu" }, tensors[relu.Input].Tensor),
                    tensors[relu.Input].Size);
            case AddOperation add:
                return (builder.Layer("Add", add.Name, new JsonObject(), tensors[add.InputA].Tensor, tensors[add.InputB].Tensor),
                    tensors[add.InputA].Size);
            default:
                throw new InvalidOperationException($"no TF.js layer for {operation.GetType().Name}");
        }
    }

    private TfjsTensor AddTap(ExportTap tap, (TfjsTensor Tensor, int Size) activation)
    {
        var source = activation.Tensor;
        if (tap.IsCentre)
        {
            int end = activation.Size - tap.CenterEnd;
            source = builder.Layer("Cropping2D", $"{tap.Block}_centre", new JsonObject
            {
                ["cropping"] = new JsonArray(new JsonArray(tap.CenterStart, end), new JsonArray(tap.CenterStart, end)),
                ["data_format"] = "channels_last",
            }, source);
        }
        return builder.Layer(tap.MaxPooling ? "GlobalMaxPooling2D" : "GlobalAveragePooling2D", $"{tap.Block}_pool",
            new JsonObject { ["data_format"] = "channels_last" }, source);
    }

    private (TfjsTensor, int) Pad(string name, Padding padding, (TfjsTensor Tensor, int Size) input)
    {
        if (padding.IsZero) return input;
        if (padding.Top + padding.Bottom != padding.Left + padding.Right) throw new InvalidDataException($"{name}: non-square padding");
        var layer = builder.Layer("ZeroPadding2D", $"{name}_pad", new JsonObject
        {
            ["padding"] = new JsonArray(new JsonArray(padding.Top, padding.Bottom), new JsonArray(padding.Left, padding.Right)),
            ["data_format"] = "channels_last",
        }, input.Tensor);
        return (layer, input.Size + padding.Top + padding.Bottom);
    }

    public static JsonObject ConvConfig(int filters, int kernel, int stride) => new()
    {
        ["filters"] = filters,
        ["kernel_size"] = new JsonArray(kernel, kernel),
        ["strides"] = new JsonArray(stride, stride),
        ["padding"] = "valid",
        ["data_format"] = "channels_last",
        ["dilation_rate"] = new JsonArray(1, 1),
        ["activation"] = "linear",
        ["use_bias"] = true,
        ["kernel_initializer"] = TfjsModelBuilder.ZerosInitializer(),
    };

    /// <summary>ONNX kernels are [out, in, h, w]; TF.js wants [h, w, in, out].</summary>
    private static float[] ToHwio(ConvolutionOperation conv)
    {
        int o = conv.Filters, i = conv.InputChannels, k = conv.Kernel;
        var result = new float[conv.KernelOihw.Length];
        for (int oo = 0; oo < o; oo++)
        for (int ii = 0; ii < i; ii++)
        for (int h = 0; h < k; h++)
        for (int w = 0; w < k; w++)
        {
            result[((h * k + w) * i + ii) * o + oo] = conv.KernelOihw[((oo * i + ii) * k + h) * k + w];
        }
        return result;
    }
}
