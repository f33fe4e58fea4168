using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Explanations;
using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Cli.Commands;

/// <summary>What <c>predict --explain</c> adds to an image's JSON row: the overlay PNG it wrote, the class explained, the raw grid.</summary>
internal sealed record ExplanationFile(string Overlay, string Label, HeatMap Grid);

/// <summary>Writes one overlay PNG per predicted image (the predicted class's heat map over the image) into a folder.</summary>
internal static class ExplanationFiles
{
    public static IReadOnlyDictionary<string, ExplanationFile> Write(ModelExplainer explainer, ModelPackage model,
        IReadOnlyList<ImagePrediction> predictions, string folder, TextWriter errors)
    {
        Directory.CreateDirectory(folder);
        var written = new Dictionary<string, ExplanationFile>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var prediction in predictions)
        {
            try
            {
                // The label the runner decided (threshold included) is the one explained, so the picture matches the printed answer.
                var (explanation, label, overlay) = explainer.ExplainWithOverlay(model, File.ReadAllBytes(prediction.Path), prediction.Predicted);
                var path = Path.Combine(folder, UniqueName(Path.GetFileNameWithoutExtension(prediction.Path), names));
                File.WriteAllBytes(path, overlay);
                written[prediction.Path] = new ExplanationFile(path, label, explanation.HeatMaps[label]);
            }
            catch (Exception e) when (e is ExplanationInputException or IOException)
            {
                errors.WriteLine($"not explained: {prediction.Path}: {e.Message}");
            }
        }
        return written;
    }

    /// <summary>"name.explained.png", or "name-2.explained.png" and on when images in different folders share a name.</summary>
    private static string UniqueName(string stem, HashSet<string> used)
    {
        var name = $"{stem}.explained.png";
        for (int n = 2; !used.Add(name); n++) name = $"{stem}-{n}.explained.png";
        return name;
    }
}
