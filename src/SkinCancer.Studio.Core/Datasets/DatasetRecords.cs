namespace SkinCancer.Studio.Core.Datasets;

/// <summary>A usable image: where it is, its label, and its content hash (the key of the feature cache).</summary>
public sealed record DatasetImage(string Path, string RelativePath, string Label, string Hash, long Bytes, int Width, int Height);

/// <summary>A file that was not used, and why. Every file in the folder is either used or listed here.</summary>
public sealed record SkippedFile(string Path, string Reason);

/// <summary>Files with identical content under one label: the first is used, the others are listed.</summary>
public sealed record DuplicateGroup(string Hash, string Label, string Kept, IReadOnlyList<string> Duplicates);

/// <summary>Identical content under different labels: ambiguous, so none of the copies is used.</summary>
public sealed record LabelConflict(string Hash, IReadOnlyList<string> Paths, IReadOnlyList<string> Labels);

public sealed record ClassCount(string Label, int Count);

/// <summary>What importing a folder found: the images to use and everything the user should be told.</summary>
public sealed record DatasetReport(
    string Root,
    IReadOnlyList<string> Labels,
    IReadOnlyList<DatasetImage> Images,
    IReadOnlyList<SkippedFile> Skipped,
    IReadOnlyList<DuplicateGroup> Duplicates,
    IReadOnlyList<LabelConflict> Conflicts)
{
    public IReadOnlyList<ClassCount> Counts =>
        Labels.Select(l => new ClassCount(l, Images.Count(i => i.Label == l))).ToArray();

    /// <summary>Human-readable warnings: imbalance, very small classes, duplicates, conflicts, skipped files.</summary>
    public IReadOnlyList<string> Warnings
    {
        get
        {
            var warnings = new List<string>();
            var counts = Counts;
            foreach (var c in counts.Where(c => c.Count is > 0 and < 10))
            {
                warnings.Add($"class '{c.Label}' has only {c.Count} image(s); 10 or more per class give a more reliable model");
            }
            var nonEmpty = counts.Where(c => c.Count > 0).ToArray();
            if (nonEmpty.Length >= 2)
            {
                var max = nonEmpty.MaxBy(c => c.Count)!;
                var min = nonEmpty.MinBy(c => c.Count)!;
                if (max.Count >= 3 * min.Count)
                {
                    warnings.Add($"classes are imbalanced: '{max.Label}' has {max.Count} images, '{min.Label}' {min.Count}; training weights classes to compensate");
                }
            }
            if (Duplicates.Count > 0)
            {
                warnings.Add($"{Duplicates.Sum(d => d.Duplicates.Count)} exact duplicate file(s) ignored (one copy of each is used)");
            }
            if (Conflicts.Count > 0)
            {
                warnings.Add($"{Conflicts.Count} image(s) appear under more than one label and are not used");
            }
            if (Skipped.Count > 0)
            {
                warnings.Add($"{Skipped.Count} file(s) skipped; see the list for each reason");
            }
            return warnings;
        }
    }
}

/// <summary>Raised when a folder cannot be trained on at all (fewer than two classes, an empty class, over a limit).</summary>
public sealed class DatasetException(string message) : Exception(message);
