using SkinCancer.Studio.Core.Imaging;

namespace SkinCancer.Studio.Core.Data;

/// <summary>Two different files that are almost certainly the same picture (resized, re-encoded, lightly edited).</summary>
public sealed record NearDuplicate(string PathA, string PathB, double Correlation);

/// <summary>
/// Finds near-duplicate images by <see cref="ImageFingerprint"/> correlation. Within a training set they inflate
/// validation scores when one copy validates the other; between a test folder and the training images they inflate test scores.
/// </summary>
public static class NearDuplicateFinder
{
    public static IReadOnlyList<NearDuplicate> Within(IReadOnlyList<(string Path, float[] Fingerprint)> images) =>
        IndexPairs(images.Select(i => i.Fingerprint).ToArray())
            .Select(p => new NearDuplicate(images[p.A].Path, images[p.B].Path, p.Correlation))
            .ToArray();

    /// <summary>Every near-duplicate pair, by index (A &lt; B).</summary>
    public static IReadOnlyList<(int A, int B, float Correlation)> IndexPairs(IReadOnlyList<float[]> fingerprints)
    {
        var pairs = new List<(int, int, float)>();
        for (int i = 0; i < fingerprints.Count; i++)
        {
            for (int j = i + 1; j < fingerprints.Count; j++)
            {
                float c = ImageFingerprint.Correlation(fingerprints[i], fingerprints[j]);
                if (c >= ImageFingerprint.NearDuplicateCorrelation) pairs.Add((i, j, c));
            }
        }
        return pairs;
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
