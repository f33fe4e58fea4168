using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Datasets;

namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>
/// The upgrade's one-time registration of test sets uploaded before they were catalogued (schema version 4): such a test
/// set is a folder testsets/&lt;id&gt;/&lt;label&gt;/ with no rows, and older evaluations name it. Each folder is read by
/// the folder importer, as the evaluator of that time read it, so the images registered are exactly the ones it scored
/// (duplicates once, conflicting copies and non-images left out), each read and hashed here once. Files stay where they
/// are. It runs on the first open after the migration, while the migration's pending step is there: a crash part-way
/// leaves the step, the next open goes on with the test sets not yet registered, and the step goes when all are.
/// </summary>
internal static class LegacyTestSetFolders
{
    public const string PendingStep = "register test-set folders";

    public static int Register(StudioCatalogue catalogue, ProjectFolders folders)
    {
        // The limits of a default studio: the files were accepted once already, this only reads what they are.
        var importer = new DatasetImporter(new StudioLimits());
        int registered = 0;
        foreach (var project in catalogue.Projects.List())
        {
            var root = Path.Combine(folders.Project(project.Id), "testsets");
            if (!Directory.Exists(root)) continue;
            foreach (var folder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
            {
                var testSetId = Path.GetFileName(folder);
                if (!CatalogueIds.IsValid(testSetId) || catalogue.TestSets.ProjectOf(testSetId) is not null) continue;
                var report = importer.Import(folder);
                catalogue.TestSets.Register(project.Id, testSetId, new DateTimeOffset(Directory.GetLastWriteTimeUtc(folder), TimeSpan.Zero),
                    report.Images.Select(i => new TestImageRecord(0, testSetId, i.Label, i.RelativePath, i.RelativePath, i.Hash, i.Bytes, i.Width, i.Height)),
                    report.Conflicts.Select(c => (c.Hash, c.Labels)));
                registered++;
            }
        }
        return registered;
    }
}
