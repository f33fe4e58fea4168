using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Core.Imaging;

public static class PreprocessingDescription
{
    /// <summary>The preprocessing contract as recorded in every model's metadata.json.</summary>
    public static PreprocessingInfo Current { get; } = new(
        Preprocessing.Id,
        Preprocessing.InputSize,
        Preprocessing.ResizeRule,
        "NHWC [N, 224, 224, 3], RGB",
        "float32 0-255 (no scaling)",
        "inside the network: channels reordered to BGR and the per-channel means subtracted",
        Preprocessing.MeanBgr);
}
