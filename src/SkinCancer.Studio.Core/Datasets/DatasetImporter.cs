using System.Collections.Concurrent;
using System.Security.Cryptography;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Imaging;

namespace SkinCancer.Studio.Core.Datasets;

/// <summary>
/// Reads a folder whose immediate subfolders are the classes (label = subfolder name, images may sit deeper).
/// Every file ends up either used or skipped with a reason; exact duplicates and cross-label conflicts are reported.
/// Pixels are not decoded here (only headers): decoding happens once, in featurization, which reports what fails.
/// </summary>
public sealed class DatasetImporter(StudioLimits limits)
{
    public DatasetReport Import(string root, CancellationToken cancellationToken = default)
    {
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root)) throw new DatasetException($"folder not found: {root}");

        var skipped = new ConcurrentBag<SkippedFile>();
        foreach (var file in Directory.EnumerateFiles(root))
        {
            var name = Path.GetFileName(file);
            skipped.Add(new SkippedFile(file, ImageFileKinds.IsSystemFile(name)
                ? "system or hidden file"
                : "not inside a class folder (only files under a class subfolder are used)"));
        }

        var classFolders = Directory.EnumerateDirectories(root)
            .Where(d => !ImageFileKinds.IsSystemFile(Path.GetFileName(d)))
            .OrderBy(d => Path.GetFileName(d), StringComparer.Ordinal)
            .ToArray();

        var files = new List<(string Path, string Label)>();
        foreach (var folder in classFolders)
        {
            var label = Path.GetFileName(folder);
            foreach (var file in Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            {
                files.Add((file, label));
                if (files.Count > limits.MaxFiles)
                {
                    throw new DatasetException($"the folder holds more than {limits.MaxFiles:N0} files, the configured limit (Studio:Limits:MaxFiles)");
                }
            }
        }

        var accepted = new ConcurrentBag<DatasetImage>();
        Parallel.ForEach(files, new ParallelOptions { CancellationToken = cancellationToken }, file =>
        {
            var relative = Path.GetRelativePath(root, file.Path);
            var (image, reason) = Examine(file.Path, relative, file.Label);
            if (image is not null) accepted.Add(image);
            else skipped.Add(new SkippedFile(file.Path, reason!));
        });

        return Assemble(root, classFolders.Select(Path.GetFileName).ToArray()!, accepted, skipped);
    }

    /// <summary>Reads, checks and hashes one file; returns the image, or null and the reason it is skipped.</summary>
    public (DatasetImage? Image, string? Reason) Examine(string path, string relative, string label)
    {
        if (ImageFileKinds.IsSystemFile(relative)) return (null, "system or hidden file");
        long length;
        try
        {
            length = new FileInfo(path).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot be read: {e.Message}");
        }
        if (length > limits.MaxFileBytes)
        {
            return (null, $"file is {length:N0} bytes, over the {limits.MaxFileBytes:N0}-byte limit");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot be read: {e.Message}");
        }
        return Examine(bytes, path, relative, label);
    }

    /// <summary>Checks and hashes an image already in memory (<paramref name="path"/> only names it); the image, or null and the reason.</summary>
    public (DatasetImage? Image, string? Reason) Examine(byte[] bytes, string path, string relative, string label)
    {
        if (ImageFileKinds.IsSystemFile(relative)) return (null, "system or hidden file");
        long length = bytes.Length;
        var check = ImageInspector.Inspect(bytes, limits);
        if (!check.Ok)
        {
            var reason = check.Reason!;
            // The name comes from the relative path: an upload's staged file has none of its own, and the reason must match the CLI's.
            if (check.Format is null && length > 0 && !ImageFileKinds.HasImageExtension(relative))
            {
                reason = $"not an image ({(Path.GetExtension(relative) is { Length: > 0 } ext ? ext + " file" : "no extension")})";
            }
            return (null, reason);
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return (new DatasetImage(path, relative.Replace('\\', '/'), label, hash, length, check.Width, check.Height), null);
    }

    private static DatasetReport Assemble(string root, string[] labels, IEnumerable<DatasetImage> accepted, IEnumerable<SkippedFile> skipped)
    {
        var images = new List<DatasetImage>();
        var duplicates = new List<DuplicateGroup>();
        var conflicts = new List<LabelConflict>();
        foreach (var group in accepted.GroupBy(i => i.Hash).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var copies = group.OrderBy(i => i.RelativePath, StringComparer.Ordinal).ToArray();
            var groupLabels = copies.Select(c => c.Label).Distinct().ToArray();
            if (groupLabels.Length > 1)
            {
                conflicts.Add(new LabelConflict(group.Key, copies.Select(c => c.Path).ToArray(), groupLabels));
                continue;
            }
            images.Add(copies[0]);
            if (copies.Length > 1)
            {
                duplicates.Add(new DuplicateGroup(group.Key, groupLabels[0], copies[0].Path, copies.Skip(1).Select(c => c.Path).ToArray()));
            }
        }
        images.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        var skippedList = skipped.OrderBy(s => s.Path, StringComparer.Ordinal).ToArray();
        return new DatasetReport(root, labels, images, skippedList, duplicates, conflicts);
    }
}
