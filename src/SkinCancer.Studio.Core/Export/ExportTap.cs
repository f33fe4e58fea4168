using SkinCancer.Studio.Core.Features;

namespace SkinCancer.Studio.Core.Export;

/// <summary>How one feature block is pooled from a stage activation, in the model's canonical block order.</summary>
internal sealed record ExportTap(string Block, string Activation, bool MaxPooling, int CenterStart, int CenterEnd)
{
    public bool IsCentre => CenterEnd > CenterStart;

    /// <summary>The taps a model's feature layout uses, in the order its head expects them.</summary>
    public static IReadOnlyList<ExportTap> For(FeatureLayout layout) =>
        layout.Blocks
            .Select(block => BackboneGraph.Taps.Single(t => t.Block == block))
            .Select(t => new ExportTap(t.Block, t.Activation, t.Pooling == "GlobalMaxPool", t.CenterStart, t.CenterEnd))
            .ToArray();
}
