namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>Class names become folder names: a label must be one plain path segment a user would recognise.</summary>
public static class ClassLabels
{
    public const int MaxLength = 100;

    /// <summary>A folder name is at most 255 bytes on common file systems; 100 CJK characters are 300 bytes in UTF-8.</summary>
    public const int MaxUtf8Bytes = 255;

    /// <summary>The trimmed label, or null with the reason it cannot be used.</summary>
    public static (string? Label, string? Reason) Clean(string? raw)
    {
        var label = raw?.Trim() ?? "";
        if (label.Length == 0) return (null, "the class name is empty");
        if (label.Length > MaxLength) return (null, $"the class name is longer than {MaxLength} characters");
        if (System.Text.Encoding.UTF8.GetByteCount(label) > MaxUtf8Bytes) return (null, $"the class name is longer than {MaxUtf8Bytes} bytes in UTF-8");
        if (label is "." or ".." || label.StartsWith('.')) return (null, "a class name cannot start with a dot");
        if (label.IndexOfAny(['/', '\\', ':', '\0']) >= 0 || label.Any(char.IsControl))
        {
            return (null, "a class name cannot contain slashes, colons or control characters");
        }
        return (label, null);
    }
}
