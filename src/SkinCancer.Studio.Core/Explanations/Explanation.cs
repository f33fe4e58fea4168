namespace SkinCancer.Studio.Core.Explanations;

/// <summary>
/// A prediction with its reasons: the probabilities (averaged over the model's test-time views, as a prediction is),
/// the label the decision threshold picks, and a heat map per class (each view's map turned back to the image's
/// orientation, then averaged). <see cref="ImageWidth"/>×<see cref="ImageHeight"/> is the decoded image's size.
/// </summary>
public sealed record Explanation(
    IReadOnlyList<string> Labels,
    string Predicted,
    IReadOnlyDictionary<string, double> Probabilities,
    IReadOnlyDictionary<string, HeatMap> HeatMaps,
    int ImageWidth,
    int ImageHeight,
    IReadOnlyList<int> Views);

/// <summary>The image cannot be explained (not an image, over a limit, undecodable); the message says why.</summary>
public sealed class ExplanationInputException(string message) : Exception(message);
