using System.IO.Compression;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Configuration;

namespace SkinCancer.Studio.Tests;

public sealed class ImageIngestTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();
    private readonly StudioCatalogue _catalogue;
    private readonly ProjectFolders _folders;
    private readonly ImageIngest _ingest;
    private readonly string _projectId;

    public ImageIngestTests()
    {
        _catalogue = new StudioCatalogue(_workspace.Path);
        _folders = new ProjectFolders(_workspace.Path);
        _ingest = new ImageIngest(_catalogue, _folders, new StudioLimits());
        _projectId = _catalogue.Projects.Create("p").Id;
    }

    public void Dispose() => _workspace.Dispose();

    private string Stage(int seed) => GeneratedImages.Png(Path.Combine(_workspace.Path, "upload", Guid.NewGuid().ToString("N")), seed);

    private static UploadPath Labelled(string raw) => UploadPath.Parse(raw).Path!;

    [Fact]
    public void An_image_is_stored_under_its_label_and_the_staged_file_is_consumed()
    {
        var staged = Stage(1);

        var outcome = _ingest.Add(_projectId, staged, Labelled("benign/sub/a.png"));

        Assert.Equal(IngestStatus.Added, outcome.Status);
        Assert.False(File.Exists(staged));
        var image = Assert.Single(_catalogue.Images.List(_projectId));
        Assert.Equal(("benign", "a.png"), (image.Label, image.OriginalName));
        Assert.True(File.Exists(Path.Combine(_folders.Label(_projectId, "benign"), image.StoredName)));
    }

    [Fact]
    public void Same_content_again_is_a_duplicate_and_under_another_label_neither_copy_is_used()
    {
        _ingest.Add(_projectId, Stage(2), Labelled("benign/a.png"));
        var benignFile = Path.Combine(_folders.Label(_projectId, "benign"), Assert.Single(_catalogue.Images.List(_projectId)).StoredName);

        Assert.Equal(IngestStatus.Duplicate, _ingest.Add(_projectId, Stage(2), Labelled("benign/copy.png")).Status);
        var conflict = _ingest.Add(_projectId, Stage(2), Labelled("malignant/b.png"));

        Assert.Equal(IngestStatus.Conflict, conflict.Status);
        Assert.Equal("the same image is also in class 'benign' ('a.png'): ambiguous, so neither copy is used (removed from 'benign')", conflict.Reason);
        Assert.Empty(_catalogue.Images.List(_projectId));
        Assert.False(File.Exists(benignFile));
        // No file of either copy is left; an emptied class folder may stay, training lists images from the catalogue.
        Assert.Empty(Directory.EnumerateFiles(_folders.Images(_projectId), "*", SearchOption.AllDirectories));
        Assert.Empty(new ProjectClasses(_catalogue, _folders).Summaries(_projectId));
    }

    [Theory]
    [InlineData("benign/again.png")]
    [InlineData("malignant/again.png")]
    [InlineData("nevus/again.png")]
    public void A_later_copy_of_conflicting_content_is_refused_under_any_label(string raw)
    {
        _ingest.Add(_projectId, Stage(10), Labelled("benign/a.png"));
        _ingest.Add(_projectId, Stage(10), Labelled("malignant/b.png"));
        _ingest.Add(_projectId, Stage(11), Labelled("benign/other.png"));
        var staged = Stage(10);

        var outcome = _ingest.Add(_projectId, staged, Labelled(raw));

        Assert.Equal(IngestStatus.Conflict, outcome.Status);
        Assert.Equal("the same image was uploaded before under classes 'benign' and 'malignant': ambiguous, so no copy of it is used", outcome.Reason);
        Assert.False(File.Exists(staged));
        var kept = Assert.Single(_catalogue.Images.List(_projectId));
        Assert.Equal("other.png", kept.OriginalName);
        Assert.Single(Directory.EnumerateFiles(_folders.Images(_projectId), "*", SearchOption.AllDirectories));
        // The classes are what the catalogue holds (emptied class folders may stay on disk; nothing reads them as classes).
        Assert.Equal(["benign"], new ProjectClasses(_catalogue, _folders).Summaries(_projectId).Select(c => c.Label));
    }

    [Fact]
    public void A_file_that_is_not_an_image_is_skipped_with_a_reason()
    {
        var staged = Path.Combine(_workspace.Path, "notes.png");
        File.WriteAllText(staged, "<html>not an image</html>");

        var outcome = _ingest.Add(_projectId, staged, Labelled("benign/notes.png"));

        Assert.Equal(IngestStatus.Skipped, outcome.Status);
        Assert.False(string.IsNullOrEmpty(outcome.Reason));
        Assert.False(File.Exists(staged));
        Assert.Empty(_catalogue.Images.List(_projectId));
    }

    [Theory]
    [InlineData("../benign/a.png")]
    [InlineData("benign/../../a.png")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/a.png")]
    [InlineData("a.png")]
    [InlineData(".hidden/a.png")]
    public void Paths_that_could_leave_the_project_or_have_no_class_folder_are_refused(string raw)
    {
        var (path, reason) = UploadPath.Parse(raw);

        Assert.Null(path);
        Assert.NotNull(reason);
    }

    [Fact]
    public void Renaming_and_removing_a_class_keeps_files_and_catalogue_in_step()
    {
        _ingest.Add(_projectId, Stage(3), Labelled("benign/a.png"));
        _ingest.Add(_projectId, Stage(4), Labelled("malignant/b.png"));
        var classes = new ProjectClasses(_catalogue, _folders);

        classes.Rename(_projectId, "benign", "nevus");
        classes.Remove(_projectId, "malignant");

        var summary = Assert.Single(classes.Summaries(_projectId));
        Assert.Equal(("nevus", 1), (summary.Label, summary.Count));
        Assert.Equal(["nevus"], Directory.EnumerateDirectories(_folders.Images(_projectId)).Select(Path.GetFileName));
    }

    [Fact]
    public void The_project_report_warns_about_tiny_classes_and_lists_what_uploads_skipped()
    {
        _ingest.Add(_projectId, Stage(5), Labelled("benign/a.png"));
        _ingest.Add(_projectId, Stage(6), Labelled("malignant/b.png"));
        IngestOutcome[] recent = [new("benign/x.txt", IngestStatus.Skipped, "benign", "not an image (.txt file)")];

        var warnings = new ProjectClasses(_catalogue, _folders).Report(_projectId, recent).Warnings;

        Assert.Contains(warnings, w => w.Contains("class 'benign' has only 1 image"));
        Assert.Contains(warnings, w => w.Contains("1 file(s) skipped"));
    }

    [Theory]
    [InlineData(new[] { "train/benign/a.jpg", "train/malignant/b.jpg" }, new[] { "benign/a.jpg", "malignant/b.jpg" })]
    [InlineData(new[] { "benign/a.jpg", "malignant/b.jpg" }, new[] { "benign/a.jpg", "malignant/b.jpg" })]
    [InlineData(new[] { "benign/a.jpg", "benign/b.jpg" }, new[] { "benign/a.jpg", "benign/b.jpg" })]
    [InlineData(new[] { "benign/a.jpg" }, new[] { "benign/a.jpg" })]
    [InlineData(new[] { "data/train/benign/a.jpg", "data/train/malignant/b.jpg" }, new[] { "benign/a.jpg", "malignant/b.jpg" })]
    [InlineData(new[] { "train/LICENSE.txt", "train/benign/a.jpg", "train/malignant/b.jpg" }, new[] { "LICENSE.txt", "benign/a.jpg", "malignant/b.jpg" })]
    // As the CLI given "data/": README.md is loose and train/ is the one class.
    [InlineData(new[] { "data/README.md", "data/train/benign/a.jpg", "data/train/malignant/b.jpg" },
        new[] { "README.md", "train/benign/a.jpg", "train/malignant/b.jpg" })]
    [InlineData(new[] { "data/train/notes.txt", "data/train/benign/a.jpg", "data/train/malignant/b.jpg" },
        new[] { "notes.txt", "benign/a.jpg", "malignant/b.jpg" })]
    // As the CLI reads "benign/" given as the folder: a.jpg sits outside any class folder, x/ is a class.
    [InlineData(new[] { "benign/a.jpg", "benign/x/b.jpg" }, new[] { "a.jpg", "x/b.jpg" })]
    public void The_label_is_the_first_folder_level_under_what_was_dropped(string[] dropped, string[] labelled)
    {
        Assert.Equal(labelled, DroppedFolderLabels.Assign(dropped));
    }

    [Fact]
    public void A_loose_file_beside_the_class_folders_is_skipped_and_the_classes_are_kept_as_the_cli_does()
    {
        var labelled = DroppedFolderLabels.Assign(["train/LICENSE.txt", "train/benign/a.jpg", "train/malignant/b.jpg"]);

        var parsed = labelled.Select(UploadPath.Parse).ToArray();

        Assert.Null(parsed[0].Path);
        Assert.Equal("not inside a class folder (only files under a class subfolder are used)", parsed[0].Reason);
        Assert.Equal(["benign", "malignant"], parsed.Skip(1).Select(p => p.Path!.Label));
    }

    [Fact]
    public void A_zip_is_unpacked_entry_by_entry_with_labels_and_limits()
    {
        var zipPath = Path.Combine(_workspace.Path, "set.zip");
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
        {
            zip.CreateEntryFromFile(GeneratedImages.Png(Path.Combine(_workspace.Path, "src", "a.png"), 7), "train/benign/a.png");
            zip.CreateEntryFromFile(GeneratedImages.Png(Path.Combine(_workspace.Path, "src", "b.png"), 8, size: 64), "train/malignant/b.png");
        }
        var limits = new StudioLimits { MaxFileBytes = new FileInfo(Path.Combine(_workspace.Path, "src", "a.png")).Length + 10 };

        var entries = new ZipUpload(limits).Extract(zipPath, Path.Combine(_workspace.Path, "staging")).ToArray();

        Assert.Equal(["benign/a.png", "malignant/b.png"], entries.Select(e => e.LabelledPath));
        Assert.NotNull(entries[0].StagedFile);
        Assert.Null(entries[1].StagedFile);
        Assert.Contains("limit", entries[1].Reason);
    }
}
