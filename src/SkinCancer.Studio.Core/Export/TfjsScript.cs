namespace SkinCancer.Studio.Core.Export;

/// <summary>
/// Finds tf.min.js where the repository's npm install puts it (tools/tfjs/node_modules/@tensorflow/tfjs/dist), looking
/// upwards from the given folders; used when no path is configured.
/// </summary>
public static class TfjsScript
{
    public static readonly string RelativePath = Path.Combine("tools", "tfjs", "node_modules", "@tensorflow", "tfjs", "dist", "tf.min.js");

    public static string? Find(params string[] startDirectories)
    {
        foreach (var start in startDirectories)
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, RelativePath);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
