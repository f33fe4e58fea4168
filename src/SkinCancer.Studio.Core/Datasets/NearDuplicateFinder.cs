using System.Runtime.Intrinsics;
using System.Numerics.Tensors;
using SkinCancer.Studio.Core.Imaging;

namespace SkinCancer.Studio.Core.Datasets;

/// <summary>Two different files that are almost certainly the same picture (resized, re-encoded, lightly edited).</summary>
public sealed record NearDuplicate(string PathA, string PathB, double Correlation);

/// <summary>
/// Finds near-duplicate images by <see cref="ImageFingerprint"/> correlation. Within a training set they inflate
/// validation scores when one copy validates the other; between a test folder and the training images they inflate test scores.
/// </summary>
public static class NearDuplicateFinder
{
    /// <summary>Every near-duplicate pair, by index (A &lt; B).</summary>
    public static IReadOnlyList<(int A, int B, float Correlation)> IndexPairs(IReadOnlyList<float[]> fingerprints)
    {
        // Fingerprints are unit vectors, so correlation ≥ c means ‖a − b‖² ≤ 2 − 2c. Projecting onto the 4×4 block means
        // never lengthens a difference, so pairs whose 16 block means are already further apart than that are skipped
        // without the full 256-value product: exact, and most of the n²/2 pairs of a real set end there.
        var coarse = fingerprints.Select(f => Vector512.Create<float>(BlockMeans(f))).ToArray();
        float limit = 2 - 2 * ImageFingerprint.NearDuplicateCorrelation + 1e-4f;
        var pairs = new List<(int, int, float)>();
        for (int i = 0; i < fingerprints.Count; i++)
        {
            var a = coarse[i];
            for (int j = i + 1; j < fingerprints.Count; j++)
            {
                var d = a - coarse[j];
                if (Vector512.Sum(d * d) > limit) continue;
                float c = ImageFingerprint.Correlation(fingerprints[i], fingerprints[j]);
                if (c >= ImageFingerprint.NearDuplicateCorrelation) pairs.Add((i, j, c));
            }
        }
        return pairs;
    }

    /// <summary>Coordinates of a fingerprint's projection onto 4×4-block-constant images, in an orthonormal basis (4 × block mean).</summary>
    private static float[] BlockMeans(float[] fingerprint)
    {
        const int Block = 4, Blocks = ImageFingerprint.Side / Block;
        var means = new float[Blocks * Blocks];
        for (int y = 0; y < ImageFingerprint.Side; y++)
        {
            for (int x = 0; x < ImageFingerprint.Side; x++) means[y / Block * Blocks + x / Block] += fingerprint[y * ImageFingerprint.Side + x];
        }
        // A block's sum over its 16 values divided by 4 (the norm of its indicator) is its coordinate.
        TensorPrimitives.Divide(means, Block, means);
        return means;
    }

    /// <summary>
    /// A group id per image: images linked by a chain of near-duplicate pairs share the id of the group's first image,
    /// every other image is alone in a group of its own id. Splits keep a group together.
    /// </summary>
    public static int[] Groups(int count, IEnumerable<(int A, int B, float Correlation)> pairs)
    {
        var parent = Enumerable.Range(0, count).ToArray();
        int Root(int i)
        {
            while (parent[i] != i) i = parent[i] = parent[parent[i]];
            return i;
        }
        foreach (var (a, b, _) in pairs)
        {
            int ra = Root(a), rb = Root(b);
            if (ra != rb) parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
        }
        return Enumerable.Range(0, count).Select(Root).ToArray();
    }

    /// <summary>For each image of <paramref name="first"/>, its best match in <paramref name="second"/> when that is a near-duplicate.</summary>
    public static IReadOnlyList<NearDuplicate> Between(IReadOnlyList<(string Path, float[] Fingerprint)> first, IReadOnlyList<(string Path, float[] Fingerprint)> second)
    {
        var pairs = new List<NearDuplicate>();
        foreach (var a in first)
        {
            (string Path, float Correlation) best = ("", -1f);
            foreach (var b in second)
            {
                float c = ImageFingerprint.Correlation(a.Fingerprint, b.Fingerprint);
                if (c > best.Correlation) best = (b.Path, c);
            }
            if (best.Correlation >= ImageFingerprint.NearDuplicateCorrelation) pairs.Add(new NearDuplicate(a.Path, best.Path, best.Correlation));
        }
        return pairs;
    }
}
