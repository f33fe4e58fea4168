namespace SkinCancer.Studio.Core.Imaging;

/// <summary>Which file names are treated as candidate images. The content decides in the end; the extension only selects.</summary>
public static class ImageFileKinds
{
    public static readonly IReadOnlySet<string> Extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".bmp", ".gif", ".webp", ".tif", ".tiff",
    };

    public static bool HasImageExtension(string path) => Extensions.Contains(Path.GetExtension(path));

    /// <summary>Dot-files and OS litter (.DS_Store, Thumbs.db, __MACOSX) are never user data.</summary>
    public static bool IsSystemFile(string relativePath)
    {
        foreach (var part in relativePath.Split('/', '\\'))
        {
            if (part.StartsWith('.') || part.Equals("__MACOSX", StringComparison.OrdinalIgnoreCase)
                || part.Equals("Thumbs.db", StringComparison.OrdinalIgnoreCase)
                || part.Equals("desktop.ini", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
