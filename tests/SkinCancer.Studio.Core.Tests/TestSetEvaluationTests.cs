using System.IO.Compression;
using SixLabors.ImageSharp.PixelFormats;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Datasets;
using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Core.Tests;

/// <summary>
/// The studio evaluates exactly the test images its catalogue lists, read once by the feature extractor and never
/// re-hashed; the CLI's folder scan feeds the same evaluation. The model is the one trained in the kept workspace.
/// </summary>
public sealed class TestSetEvaluationTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly StudioCatalogue _catalogue;
    private readonly ProjectFolders _folders;
    private readonly ModelPackage _model;
    private readonly string _project;
    private readonly string _testSet = CatalogueIds.New();
    private readonly StudioLimits _limits = new();

    public TestSetEvaluationTests()
    {
        var workspace = _temp.Combine("ws");
        ZipFile.ExtractToDirectory(Path.Combine(AppContext.BaseDirectory, "TestData", "workspace-780e543.zip"), workspace);
        _catalogue = new StudioCatalogue(workspace);
        _folders = new ProjectFolders(workspace);
        var shapes = _catalogue.Projects.List().Single(p => p.ImageCount == 16);
        var run = _catalogue.Runs.List(shapes.Id).Single(r => r.Status == RunStatus.Completed);
        _model = ModelPackage.Load(_folders.Model(shapes.Id, run.Id));
        _project = _catalogue.Projects.Create("evaluated").Id;
        var ingest = new TestSetIngest(_catalogue, _folders, _limits);
        for (int i = 0; i < 3; i++)
        {
            foreach (var (label, circle) in new[] { ("circles", true), ("squares", false) })
            {
                var staged = _temp.Combine($"{label}{i}.png");
                SyntheticImages.Write(staged, SyntheticImages.Shape(circle, new Rgb24(200, (byte)(30 * i), 40), seed: 500 + i, size: 64));
                Assert.Equal(IngestStatus.Added, ingest.Add(_project, _testSet, staged, UploadPath.Parse($"{label}/{label}{i}.png").Path!).Status);
            }
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    private ModelRunner Runner(FeatureCache? cache) => new(ResNet18Backbone.Shared, cache, _limits);

    [Fact]
    public async Task Evaluation_scores_the_catalogued_images_only_not_a_stray_file_and_not_a_deleted_row()
    {
        var folder = _folders.TestSet(_project, _testSet);
        SyntheticImages.Write(Path.Combine(folder, "circles", "stray.png"), SyntheticImages.Shape(true, new Rgb24(1, 2, 3), seed: 9, size: 64));
        var deleted = _catalogue.TestSets.List(_project, _testSet).First(i => i.Label == "squares");
        Assert.True(_catalogue.TestSets.Delete(_project, _testSet, deleted.Id));
        var listed = _catalogue.TestSets.List(_project, _testSet).Select(i => Path.Combine(folder, i.StoredPath)).Order(StringComparer.Ordinal).ToArray();
        // A folder scan, as the CLI reads its test folder, finds the stray file and the deleted row's file too.
        Assert.Equal(7, new DatasetImporter(_limits).Import(folder).Images.Count);

        var report = await Runner(cache: null).EvaluateAsync(_model, new CatalogueTestSet(_catalogue, _folders, _project, _testSet));

        Assert.Equal(5, listed.Length);
        Assert.Equal(listed, report.Images.Select(i => i.Path).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(report.Images, i => i.Path.EndsWith("stray.png", StringComparison.Ordinal) || i.Path.EndsWith(deleted.StoredPath, StringComparison.Ordinal));
        Assert.Empty(report.Skipped);
        Assert.Equal(5, report.Confusion.Sum(row => row.Sum()));
        // Thumbnails and explanations find files through rows too: neither file without a row is served.
        var source = new CatalogueTestSet(_catalogue, _folders, _project, _testSet);
        Assert.Null(source.StoredFile(Path.Combine(folder, "circles", "stray.png")));
        Assert.Null(source.StoredFile(Path.Combine(folder, deleted.StoredPath)));
        Assert.Equal(listed[0], source.StoredFile(listed[0]));
    }

    [Fact]
    public async Task The_catalogue_and_a_folder_scan_of_the_same_images_give_the_same_evaluation()
    {
        var fromCatalogue = await Runner(cache: null).EvaluateAsync(_model, new CatalogueTestSet(_catalogue, _folders, _project, _testSet));
        var fromFolder = await Runner(cache: null).EvaluateAsync(_model, _folders.TestSet(_project, _testSet));

        Assert.Equal(fromFolder.Accuracy, fromCatalogue.Accuracy);
        Assert.Equal(fromFolder.Images.Select(i => (i.Path, i.Label, i.Predicted, i.Probabilities["circles"])),
            fromCatalogue.Images.Select(i => (i.Path, i.Label, i.Predicted, i.Probabilities["circles"])));
    }

    /// <summary>
    /// The measurement of reads: listing the test set reads no file (the catalogue holds path, label and hash), so with the
    /// features cached an evaluation reads no test image at all. The files are removed to prove it: a second evaluation
    /// scores the same, where a folder scan (the code before the catalogue) would find nothing to score.
    /// </summary>
    [Fact]
    public async Task An_evaluation_with_cached_features_reads_no_test_image()
    {
        var cache = new FeatureCache(_temp.Combine("cache"));
        var source = new CatalogueTestSet(_catalogue, _folders, _project, _testSet);
        var first = await Runner(cache).EvaluateAsync(_model, source);
        Directory.Delete(_folders.TestSet(_project, _testSet), recursive: true);

        var second = await Runner(cache).EvaluateAsync(_model, source);

        Assert.Equal(6, second.Images.Count);
        Assert.Equal(first.Images.Select(i => (i.Path, i.Predicted, i.Probabilities["circles"])), second.Images.Select(i => (i.Path, i.Predicted, i.Probabilities["circles"])));
        Assert.Empty(second.Skipped);
    }
}
