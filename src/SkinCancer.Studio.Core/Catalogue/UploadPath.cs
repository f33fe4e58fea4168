namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>
/// The relative path a browser sends for an uploaded file, already labelled: "label/any/sub/folders/name.jpg".
/// Anything that could leave the target folder (.., absolute paths, empty segments) is refused. The path is composed to
/// Unicode NFC first (<see cref="CanonicalComposition"/>): macOS sends "é" as e + combining accent (NFD), Windows and
/// Linux as one character, and the two must not become two classes that look the same.
/// </summary>
public sealed record UploadPath(string Label, string RelativePath, string FileName)
{
    public static (UploadPath? Path, string? Reason) Parse(string? raw)
    {
        var text = CanonicalComposition.Compose(raw ?? "").Replace('\\', '/');
        if (text.StartsWith('/') || (text.Length >= 2 && text[1] == ':')) return (null, "absolute paths are not accepted");
        var segments = text.Split('/');
        if (segments.Any(s => s is "" or "." or ".." || s.Any(char.IsControl))) return (null, "the path is empty or contains '..'");
        if (segments.Length < 2) return (null, "not inside a class folder (only files under a class subfolder are used)");
        var (label, reason) = ClassLabels.Clean(segments[0]);
        if (label is null) return (null, reason);
        return (new UploadPath(label, string.Join('/', segments), segments[^1]), null);
    }
}
