using Onnx;
using SkinCancer.Studio.FineTuning.Network;

namespace SkinCancer.Studio.FineTuning.Tests;

/// <summary>A session asked for stage 3 only runs stages 1–3, and gives the maps the whole network gives.</summary>
public sealed class ActivationSessionTests
{
    [Fact]
    public void Stage3_only_graph_drops_stage4_and_gives_the_same_maps()
    {
        var shipped = File.ReadAllBytes(BackboneInputs.ShippedModel);
        var whole = ModelProto.Parser.ParseFrom(shipped).Graph;
        var stage3 = ModelProto.Parser.ParseFrom(ActivationSession.WithOutputs(shipped, [StageOperations.Stage3Output])).Graph;
        var stage4Nodes = StageOperations.Between(BackboneInputs.ShippedModel, StageOperations.Stage3Output, StageOperations.Stage4Output).Count;

        Assert.True(stage3.Node.Count <= whole.Node.Count - stage4Nodes, $"{stage3.Node.Count} of {whole.Node.Count} nodes kept");
        Assert.DoesNotContain(stage3.Node, n => n.Input.Contains(StageOperations.Stage3Output));
        Assert.True(stage3.Initializer.Count < whole.Initializer.Count, "stage 4's weights are dropped with its nodes");

        const int count = 2;
        var inputs = BackboneInputs.Shapes(count);
        using var alone = new ActivationSession(shipped, [StageOperations.Stage3Output]);
        using var withStage4 = new ActivationSession(shipped, [StageOperations.Stage3Output, StageOperations.Stage4Output]);
        Assert.Equal(withStage4.Run(inputs, count)[0], alone.Run(inputs, count)[0]);
    }
}
