using SkinCancer.Studio.Core.Datasets;

namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>A project's classes on disk and in the catalogue: summaries, rename and removal keep both in step.</summary>
public sealed class ProjectClasses(StudioCatalogue catalogue, ProjectFolders folders)
{
    public sealed record ClassSummary(string Label, int Count, IReadOnlyList<ImageRecord> Preview);

    public IReadOnlyList<ClassSummary> Summaries(string projectId, int previewCount = 8) =>
        catalogue.Images.List(projectId)
            .GroupBy(i => i.Label, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ClassSummary(g.Key, g.Count(), g.Take(previewCount).ToArray()))
            .ToArray();

    /// <summary>
    /// The stored images as the importer would report them, plus what the latest uploads skipped, so the same warnings
    /// (imbalance, tiny classes, duplicates, conflicts, skipped files) appear for uploads and for folders on disk.
    /// </summary>
    public DatasetReport Report(string projectId, IReadOnlyList<IngestOutcome> recentOutcomes)
    {
        var images = catalogue.Images.List(projectId);
        var root = folders.Images(projectId);
        var datasetImages = images
            .Select(i => new DatasetImage(Path.Combine(root, i.Label, i.StoredName), $"{i.Label}/{i.OriginalName}", i.Label, i.Hash, i.Bytes, i.Width, i.Height))
            .ToArray();
        var labels = images.Select(i => i.Label).Distinct().Order(StringComparer.Ordinal).ToArray();
        var skipped = recentOutcomes.Where(o => o.Status == IngestStatus.Skipped).Select(o => new SkippedFile(o.Path, o.Reason ?? "")).ToArray();
        var duplicates = recentOutcomes.Where(o => o.Status == IngestStatus.Duplicate)
            .Select(o => new DuplicateGroup("", o.Label ?? "", o.Reason ?? "", [o.Path])).ToArray();
        var conflicts = recentOutcomes.Where(o => o.Status == IngestStatus.Conflict)
            .Select(o => new LabelConflict("", [o.Path], [o.Label ?? ""])).ToArray();
        return new DatasetReport(root, labels, datasetImages, skipped, duplicates, conflicts);
    }

    public void Rename(string projectId, string from, string to)
    {
        var (clean, reason) = ClassLabels.Clean(to);
        if (clean is null) throw new ArgumentException(reason);
        if (clean == from) return;
        var source = folders.Label(projectId, from);
        var target = folders.Label(projectId, clean);
        if (Directory.Exists(target))
        {
            // Renaming onto an existing class merges the two.
            foreach (var file in Directory.EnumerateFiles(source)) File.Move(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
            Directory.Delete(source, recursive: true);
        }
        else if (Directory.Exists(source))
        {
            Directory.Move(source, target);
        }
        catalogue.Images.RenameLabel(projectId, from, clean);
    }

    public void Remove(string projectId, string label)
    {
        catalogue.Images.DeleteLabel(projectId, label);
        var folder = folders.Label(projectId, label);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
