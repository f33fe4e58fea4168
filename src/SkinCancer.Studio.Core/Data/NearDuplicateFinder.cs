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
    public static IReadOnlyList<NearDuplicate> Within(IReadOnlyList<(string Path, float[] Fingerprint)> images)
    {
        var pairs = new List<NearDuplicate>();
        for (int i = 0; i < images.Count; i++)
        {
            for (int j = i + 1; j < images.Count; j++)
            {
                float c = ImageFingerprint.Correlation(images[i].Fingerprint, images[j].Fingerprint);
                if (c >= ImageFingerprint.NearDuplicateCorrelation) pairs.Add(new NearDuplicate(images[i].Path, images[j].Path, c));
            }
        }
        return pairs;
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
