namespace SkinCancer.Studio.Export.Tests;

/// <summary>All export tests share one trained model: training and featurizing once keeps the suite fast on 2 cores.</summary>
[CollectionDefinition(Name)]
public sealed class TrainedShapesCollection : ICollectionFixture<TrainedShapesModel>
{
    public const string Name = "trained shapes model";
}
