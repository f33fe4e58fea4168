using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Imaging;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.Tests;

/// <summary>A model package small enough to write and load in a unit test: 4 inputs, 3 hidden units, 2 labels.</summary>
internal static class TinyModels
{
    /// <summary>Every weight set to <paramref name="weight"/>; recorded as trained with <paramref name="preprocessingId"/> (default: the current one).</summary>
    public static ModelPackage Package(float weight, string? preprocessingId = null)
    {
        var head = new MlpHead(inputLength: 4, hiddenUnits: 3, classCount: 2);
        foreach (var array in head.ParameterArrays()) Array.Fill(array, weight);
        var metadata = new ModelMetadata
        {
            StudioVersion = "test",
            CreatedUtc = DateTimeOffset.UnixEpoch,
            Labels = ["a", "b"],
            Backbone = new BackboneInfo(ResNet18Backbone.Id, "block4", 4),
            Preprocessing = PreprocessingDescription.Current with { Id = preprocessingId ?? Preprocessing.Id },
            Head = ModelPackage.DescribeHead(head),
            Hyperparameters = new TrainingOptions(),
            Validation = new ValidationInfo(0.5, 1.0, 1, 1, 1, 1, []),
        };
        return new ModelPackage(metadata, head);
    }
}
