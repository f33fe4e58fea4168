using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Core.Export;

/// <summary>
/// A static folder anyone can host: index.html, app.js, style.css (real files under Export/Assets/webapp, embedded), TensorFlow.js (tf.min.js from the npm package) and the TF.js
/// export of the model (which brings preprocess.js). Nothing is sent anywhere; the page states that it is not a diagnostic tool.
/// </summary>
public sealed class WebAppExporter(string tfjsScriptPath, string? resNet18Path = null)
{
    public const string ScriptFile = "tf.min.js";
    public static readonly IReadOnlyList<string> PageFiles = [ExportAssets.WebAppHtml, ExportAssets.WebAppJs, ExportAssets.WebAppCss, ExportAssets.PreprocessJs, ScriptFile];

    public ExportResult Export(ModelPackage model, string outputDirectory)
    {
        if (!File.Exists(tfjsScriptPath))
        {
            throw new FileNotFoundException(
                $"TensorFlow.js is missing at {tfjsScriptPath}: run 'npm ci' in tools/tfjs (it installs @tensorflow/tfjs {TfjsExporter.TfjsVersion}) " +
                "or pass --tfjs <path to tf.min.js>.", tfjsScriptPath);
        }
        new TfjsExporter(resNet18Path).Export(model, outputDirectory);
        File.Copy(tfjsScriptPath, Path.Combine(outputDirectory, ScriptFile), overwrite: true);
        ExportAssets.Write(outputDirectory, ExportAssets.WebAppHtml, ExportAssets.WebAppJs, ExportAssets.WebAppCss);
        return ExportResult.Of(outputDirectory);
    }
}
