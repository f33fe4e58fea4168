namespace SkinCancer.Studio.Export.Tests;

/// <summary>The parity criterion of issue 4: largest absolute probability difference ≤ 1e-4 and the same top label for every image.</summary>
internal static class Parity
{
    public const double Tolerance = 1e-4;

    public static bool IsJpeg(string path) => Path.GetExtension(path).ToLowerInvariant() is ".jpg" or ".jpeg";

    public static double MaxAbsoluteDifference(float[][] expected, float[][] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double max = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Length, actual[i].Length);
            for (int c = 0; c < expected[i].Length; c++) max = Math.Max(max, Math.Abs(expected[i][c] - actual[i][c]));
        }
        return max;
    }

    public static void AssertAgree(float[][] expected, float[][] actual, string what, double tolerance = Tolerance)
    {
        double max = MaxAbsoluteDifference(expected, actual);
        Assert.True(max <= tolerance, $"{what}: largest probability difference {max:E2} exceeds {tolerance:E0}");
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(TopLabel(expected[i]) == TopLabel(actual[i]), $"{what}: image {i} top label differs");
        }
    }

    public static int TopLabel(float[] probabilities) => Array.IndexOf(probabilities, probabilities.Max());
}
