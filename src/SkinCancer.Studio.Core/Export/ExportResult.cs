namespace SkinCancer.Studio.Core.Export;

/// <summary>What an export wrote: the folder, its files and their total size.</summary>
public sealed record ExportResult(string Directory, IReadOnlyList<string> Files)
{
    public long TotalBytes => Files.Sum(f => new FileInfo(Path.Combine(Directory, f)).Length);

    public static ExportResult Of(string directory) =>
        new(directory, System.IO.Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f)).Order(StringComparer.Ordinal).ToArray());
}
