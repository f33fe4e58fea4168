using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.Export;

/// <summary>A dense layer as layer-based formats store it: kernel [in, out] row-major.</summary>
internal sealed record DenseWeights(int Inputs, int Outputs, float[] KernelInOut, float[] Bias, bool Relu);

/// <summary>
/// The trained head as plain dense layers (after the standardisation, which exporters keep as its own step: folding
/// it into the first layer's weights multiplies them by up to 1/√1e-6 for near-constant features, and the cancellation
/// that follows cost TF.js's WebAssembly backend 1e-3 in probability).
/// </summary>
internal static class HeadLayers
{
    public static IReadOnlyList<DenseWeights> Dense(MlpHead head)
    {
        var layers = head.Layers.ToArray();
        return layers.Select((layer, l) =>
        {
            var kernel = new float[layer.Inputs * layer.Outputs];
            for (int o = 0; o < layer.Outputs; o++)
            for (int i = 0; i < layer.Inputs; i++)
            {
                kernel[i * layer.Outputs + o] = layer.Weights[o * layer.Inputs + i];
            }
            return new DenseWeights(layer.Inputs, layer.Outputs, kernel, layer.Bias.ToArray(), Relu: l < layers.Length - 1);
        }).ToArray();
    }
}
