using SkinCancer.Studio.Core.Explanations;

namespace SkinCancer.Studio.Web.Serving;

/// <summary>
/// The heat map of one class, as <c>POST …/predict?explain=true</c> returns it: the image with the heat map blended
/// over it (PNG, base64, at the image's size up to 1,024 pixels a side) and the raw grid (row-major from the top-left,
/// 0–1, 1 = hottest; the grid covers the whole image, stretched as the model saw it).
/// </summary>
public sealed record PredictionExplanation(string Label, string Method, int ImageWidth, int ImageHeight, HeatMap Grid, string OverlayPngBase64)
{
    public const string MethodName = "grad-cam";

    public static PredictionExplanation From(Explanation explanation, string label, byte[] overlayPng) =>
        new(label, MethodName, explanation.ImageWidth, explanation.ImageHeight, explanation.HeatMaps[label], Convert.ToBase64String(overlayPng));
}
