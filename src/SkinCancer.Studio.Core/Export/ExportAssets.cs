using System.Reflection;

namespace SkinCancer.Studio.Core.Export;

/// <summary>
/// Files shipped beside an exported model so a user's own code preprocesses as the studio does: preprocess.js (TF.js and
/// the web app, with the app's index.html, app.js and style.css), preprocess.py (Pillow + NumPy) and the studio's own StretchResize.cs and JPEG decoding (LibjpegDecoding.cs, ChromaUpsampling.cs, YccToRgb.cs) with
/// OnnxInput.cs (C#).
/// They are embedded in this assembly, from the same sources the studio compiles or tests against.
/// </summary>
public static class ExportAssets
{
    public const string PreprocessJs = "preprocess.js";
    public const string PreprocessPy = "preprocess.py";
    public const string StretchResizeCs = "StretchResize.cs";
    public const string LibjpegDecodingCs = "LibjpegDecoding.cs";
    public const string ChromaUpsamplingCs = "ChromaUpsampling.cs";
    public const string YccToRgbCs = "YccToRgb.cs";
    public const string OnnxInputCs = "OnnxInput.cs";
    public const string OnnxReadme = "README.onnx.md";
    public const string WebAppHtml = "index.html";
    public const string WebAppJs = "app.js";
    public const string WebAppCss = "style.css";

    public static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"export-assets/{name}")
                           ?? throw new InvalidOperationException($"export asset {name} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static void Write(string outputDirectory, params string[] names)
    {
        foreach (var name in names) File.WriteAllText(Path.Combine(outputDirectory, name), Read(name));
    }
}
