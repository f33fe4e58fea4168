namespace SkinCancer.Studio.Core.Export;

/// <summary>One operation of the backbone as a layer-based format needs it: NCHW/ONNX details already resolved.</summary>
internal abstract record BackboneOperation(string Name, string Output);

/// <summary>
/// A convolution with its BatchNormalization folded in. Padding is explicit and may be asymmetric (the CNTK export pads
/// the bottom/right less), so targets emit zero padding followed by a 'valid' convolution.
/// </summary>
internal sealed record ConvolutionOperation(
    string Name,
    string Input,
    string Output,
    int InputChannels,
    int Filters,
    int Kernel,
    int Stride,
    Padding Padding,
    float[] KernelOihw,
    float[] Bias) : BackboneOperation(Name, Output);

internal sealed record ReluOperation(string Name, string Input, string Output) : BackboneOperation(Name, Output);

/// <summary>Max pooling; its zero padding is exact only because every input is a ReLU output (≥ 0).</summary>
internal sealed record MaxPoolOperation(string Name, string Input, string Output, int Kernel, int Stride, Padding Padding)
    : BackboneOperation(Name, Output);

internal sealed record AddOperation(string Name, string InputA, string InputB, string Output) : BackboneOperation(Name, Output);

/// <summary>Spatial padding in pixels per side.</summary>
internal sealed record Padding(int Top, int Left, int Bottom, int Right)
{
    public bool IsZero => Top == 0 && Left == 0 && Bottom == 0 && Right == 0;

    /// <summary>ONNX order: [h_begin, w_begin, h_end, w_end].</summary>
    public static Padding FromOnnx(IReadOnlyList<long> pads) =>
        pads.Count == 0 ? new Padding(0, 0, 0, 0) : new Padding((int)pads[0], (int)pads[1], (int)pads[2], (int)pads[3]);
}
