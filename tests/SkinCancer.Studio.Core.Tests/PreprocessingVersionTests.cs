using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Imaging;
using SkinCancer.Studio.Core.Models;
using SkinCancer.Studio.Testing;

namespace SkinCancer.Studio.Core.Tests;

/// <summary>
/// The preprocessing id is part of every model and of the feature-cache key: models trained before the studio's own
/// resize (v1) still load and say so; features cached under v1 are not reused; an unknown preprocessing is refused.
/// </summary>
public sealed class PreprocessingVersionTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string SaveModel(string preprocessingId)
    {
        var directory = _temp.Combine(preprocessingId);
        TinyModels.Package(0.5f, preprocessingId).Save(directory);
        return directory;
    }

    [Fact]
    public void A_model_trained_with_the_previous_resize_loads_and_records_it()
    {
        const string v1 = "rgb224-stretch-bilinear-bgr-meansub-v1";
        Assert.NotEqual(v1, Preprocessing.Id);
        var model = ModelPackage.Load(SaveModel(v1));
        Assert.Equal(v1, model.Metadata.Preprocessing.Id);
        Assert.Equal(Preprocessing.Id, ModelPackage.Load(SaveModel(Preprocessing.Id)).Metadata.Preprocessing.Id);
    }

    [Fact]
    public void A_model_with_an_unknown_preprocessing_is_refused()
    {
        var error = Assert.Throws<ModelLoadException>(() => ModelPackage.Load(SaveModel("rgb299-crop-v9")));
        Assert.Contains("rgb299-crop-v9", error.Message);
    }

    [Fact]
    public void Features_cached_under_the_previous_preprocessing_are_not_reused()
    {
        var workspace = _temp.Combine("workspace");
        var cache = new FeatureCache(workspace);
        cache.PutMany([("hash-now", 0, [1f, 2f])]);
        // What a studio before this one stored for the same image content: same backbone, v1 preprocessing.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(workspace, "features.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO features (hash, extractor, view, vector) VALUES ('hash-old', $extractor, 0, x'0000803f')";
            command.Parameters.AddWithValue("$extractor", $"{ResNet18Backbone.Id}|rgb224-stretch-bilinear-bgr-meansub-v1");
            command.ExecuteNonQuery();
        }
        var found = cache.GetMany([("hash-now", 0), ("hash-old", 0)]);
        Assert.Equal([("hash-now", 0)], found.Keys);
        Assert.Contains(Preprocessing.Id, FeatureCache.ExtractorId);
    }
}
