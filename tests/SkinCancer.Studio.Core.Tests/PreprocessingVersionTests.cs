using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Imaging;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Testing;

namespace SkinCancer.Studio.Core.Tests;

/// <summary>
/// The preprocessing id is part of every model and of the feature-cache key: models trained before the studio's own
/// resize (v1) or before its libjpeg-turbo JPEG decoding (v2) still load and say so; features cached under them are not
/// reused; an unknown preprocessing is refused.
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

    [Theory]
    [InlineData("rgb224-stretch-bilinear-bgr-meansub-v1")]
    [InlineData("rgb224-stretch-triangle22-bgr-meansub-v2")]
    public void A_model_trained_with_a_previous_preprocessing_loads_and_records_it(string previous)
    {
        Assert.NotEqual(Preprocessing.Id, previous);
        var model = ModelPackage.Load(SaveModel(previous));
        Assert.Equal(previous, model.Metadata.Preprocessing.Id);
        Assert.Equal(Preprocessing.Id, ModelPackage.Load(SaveModel(Preprocessing.Id)).Metadata.Preprocessing.Id);
    }

    [Fact]
    public void A_model_with_an_unknown_preprocessing_is_refused()
    {
        var error = Assert.Throws<ModelLoadException>(() => ModelPackage.Load(SaveModel("rgb299-crop-v9")));
        Assert.Contains("rgb299-crop-v9", error.Message);
    }

    [Theory]
    [InlineData("rgb224-stretch-bilinear-bgr-meansub-v1")]
    [InlineData("rgb224-stretch-triangle22-bgr-meansub-v2")]
    public void Features_cached_under_a_previous_preprocessing_are_not_reused(string previous)
    {
        var workspace = _temp.Combine("workspace");
        var cache = new FeatureCache(workspace);
        cache.PutMany([("hash-now", 0, [1f, 2f])]);
        // What a studio before this one stored for the same image content: same backbone, an older preprocessing.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(workspace, "features.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO features (hash, extractor, view, vector) VALUES ('hash-old', $extractor, 0, x'0000803f')";
            command.Parameters.AddWithValue("$extractor", $"{ResNet18Backbone.Id}|{previous}");
            command.ExecuteNonQuery();
        }
        var found = cache.GetMany([("hash-now", 0), ("hash-old", 0)]);
        Assert.Equal([("hash-now", 0)], found.Keys);
        Assert.Contains(Preprocessing.Id, FeatureCache.ExtractorId);
    }
}
