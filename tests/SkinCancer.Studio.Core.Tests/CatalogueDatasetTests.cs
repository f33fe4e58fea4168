using SixLabors.ImageSharp.PixelFormats;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Datasets;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.Tests;

/// <summary>The studio trains on the catalogue's list of images: what was uploaded and accepted, read and hashed once at ingest.</summary>
public sealed class CatalogueDatasetTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Fact]
    public async Task Training_uses_exactly_the_catalogued_images_whatever_else_lies_in_the_folders()
    {
        var workspace = _temp.Combine("ws");
        var catalogue = new StudioCatalogue(workspace);
        var folders = new ProjectFolders(workspace);
        var limits = new StudioLimits();
        var ingest = new ImageIngest(catalogue, folders, limits);
        var project = catalogue.Projects.Create("shapes");
        for (int i = 0; i < 6; i++)
        {
            foreach (var (label, circle) in new[] { ("circles", true), ("squares", false) })
            {
                var staged = _temp.Combine($"{label}{i}.png");
                SyntheticImages.Write(staged, SyntheticImages.Shape(circle, new Rgb24(200, (byte)(20 * i), 40), seed: i, size: 64));
                Assert.Equal(IngestStatus.Added, ingest.Add(project.Id, staged, UploadPath.Parse($"{label}/{label}{i}.png").Path!).Status);
            }
        }
        // What a folder scan would pick up but the catalogue never accepted: a stray file and an empty class folder.
        SyntheticImages.Write(Path.Combine(folders.Label(project.Id, "circles"), "stray.png"), SyntheticImages.Shape(false, new Rgb24(1, 2, 3), seed: 99, size: 64));
        Directory.CreateDirectory(Path.Combine(folders.Images(project.Id), "empty-class"));
        Assert.Equal(13, new DatasetImporter(limits).Import(folders.Images(project.Id)).Images.Count);

        var run = await new TrainingPipeline(ResNet18Backbone.Shared, new FeatureCache(workspace), limits).TrainAsync(
            new CatalogueDataset(catalogue, folders, project.Id),
            new TrainingOptions { Epochs = 3, HiddenUnits = 16, Augment = false },
            _temp.Combine("model"));

        Assert.Equal(["circles", "squares"], run.Dataset.Labels);
        Assert.Equal(catalogue.Images.List(project.Id).Select(i => i.Hash).Order(), run.Dataset.Images.Select(i => i.Hash).Order());
        Assert.DoesNotContain(run.Dataset.Images, i => i.Path.EndsWith("stray.png", StringComparison.Ordinal));
        Assert.Empty(run.Dataset.Skipped);
        Assert.Equal(["circles", "squares"], run.Model.Metadata.Labels);
    }
}
