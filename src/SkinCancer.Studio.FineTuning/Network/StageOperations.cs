using SkinCancer.Studio.Core.Export;

namespace SkinCancer.Studio.FineTuning.Network;

/// <summary>The backbone's operations between two activations (a stage or several), BatchNormalization folded into each convolution.</summary>
internal static class StageOperations
{
    /// <summary>Stage 3's last activation [256, 14, 14]: the input of stage 4.</summary>
    public const string Stage3Output = Core.Features.CapturedStageMaps.Activation;

    /// <summary>Stage 4's last activation [512, 7, 7]: what the pooled block4 features and Grad-CAM read.</summary>
    public const string Stage4Output = "ReLU393_Output_0";

    /// <summary>
    /// The operations that compute <paramref name="to"/> from <paramref name="from"/> alone, in graph order; refuses a pair
    /// where <paramref name="to"/> also needs a tensor computed before <paramref name="from"/> (not a cut of the network).
    /// </summary>
    public static IReadOnlyList<BackboneOperation> Between(string resNet18Path, string from, string to)
    {
        var available = new HashSet<string> { from };
        var operations = new List<BackboneOperation>();
        foreach (var operation in BackboneReader.Read(resNet18Path, [to]))
        {
            if (!Inputs(operation).All(available.Contains)) continue;
            operations.Add(operation);
            available.Add(operation.Output);
        }
        if (!available.Contains(to)) throw new InvalidDataException($"{to} does not follow from {from} alone in {resNet18Path}");
        return operations;
    }

    public static IEnumerable<string> Inputs(BackboneOperation operation) => operation switch
    {
        ConvolutionOperation c => [c.Input],
        ReluOperation r => [r.Input],
        MaxPoolOperation m => [m.Input],
        AddOperation a => [a.InputA, a.InputB],
        _ => throw new NotSupportedException(operation.GetType().Name),
    };
}
