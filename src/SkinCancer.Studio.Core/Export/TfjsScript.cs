namespace SkinCancer.Studio.Core.Export;

/// <summary>
/// Finds tf.min.js: beside the app, where the build copies it (tools/tfjs/TfjsRestore.targets), else where the
/// repository's npm install puts it (tools/tfjs/node_modules/@tensorflow/tfjs/dist), looking upwards from the given folders.
/// </summary>
public static class TfjsScript
{
    public static readonly string RelativePath = Path.Combine("tools", "tfjs", "node_modules", "@tensorflow", "tfjs", "dist", "tf.min.js");

    /// <summary>Where the build copies tf.min.js in every app that references Core.</summary>
    public static string BesideApp => Path.Combine(AppContext.BaseDirectory, "tfjs", "tf.min.js");

    public static string? Find(params string[] startDirectories)
    {
        if (File.Exists(BesideApp)) return BesideApp;
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
