namespace SkinCancer.Studio.Core.Features;

/// <summary>
/// The backbone computes one fixed vector per image: the globally pooled activations of ResNet18's last three stages
/// (average pooling of each; max pooling and centre-only average pooling of the last two), concatenated. The cache stores all of it; a run picks the blocks it trains on, so trying another choice
/// never re-runs the backbone.
/// </summary>
public sealed record FeatureLayout(IReadOnlyList<string> Blocks)
{
    public static readonly IReadOnlyList<(string Name, int Width)> AllBlocks =
    [
        ("block2", 128),
        ("block3", 256),
        ("block4", 512),
        ("block3max", 256),
        ("block4max", 512),
        ("block3center", 256),
        ("block4center", 512),
    ];

    public static readonly int FullLength = AllBlocks.Sum(b => b.Width);

    public int Length => Blocks.Sum(b => AllBlocks.First(a => a.Name == b).Width);

    public static FeatureLayout Parse(string blocks)
    {
        var names = blocks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0) throw new ArgumentException($"at least one feature block is needed ({string.Join(", ", AllBlocks.Select(b => b.Name))})");
        foreach (var name in names)
        {
            if (AllBlocks.All(b => b.Name != name))
            {
                throw new ArgumentException($"unknown feature block '{name}' (known: {string.Join(", ", AllBlocks.Select(b => b.Name))})");
            }
        }
        // Canonical order, so "block4,block3" and "block3,block4" are the same model input.
        return new FeatureLayout(AllBlocks.Select(b => b.Name).Where(names.Contains).ToArray());
    }

    public override string ToString() => string.Join(",", Blocks);

    /// <summary>Copies the chosen blocks of a full cached vector into <paramref name="destination"/>.</summary>
    public void Select(ReadOnlySpan<float> full, Span<float> destination)
    {
        int source = 0, target = 0;
        foreach (var (name, width) in AllBlocks)
        {
            if (Blocks.Contains(name))
            {
                full.Slice(source, width).CopyTo(destination.Slice(target, width));
                target += width;
            }
            source += width;
        }
    }

    public float[] Select(ReadOnlySpan<float> full)
    {
        var result = new float[Length];
        Select(full, result);
        return result;
    }
}
