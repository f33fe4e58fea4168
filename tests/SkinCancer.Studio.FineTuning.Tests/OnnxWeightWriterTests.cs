using SkinCancer.Studio.FineTuning.Network;
using static TorchSharp.torch;

namespace SkinCancer.Studio.FineTuning.Tests;

/// <summary>Fine-tuned stage-4 weights written into ResNet18.onnx make ONNX Runtime compute what TorchSharp computes.</summary>
public sealed class OnnxWeightWriterTests
{
    [Fact]
    public void The_rewritten_graph_matches_the_fine_tuned_network()
    {
        const int count = 2;
        var shipped = File.ReadAllBytes(BackboneInputs.ShippedModel);
        var images = BackboneInputs.Shapes(count);
        float[][] before;
        using (var session = new ActivationSession(shipped, [StageOperations.Stage3Output, StageOperations.Stage4Output]))
        {
            before = session.Run(images, count);
        }

        using var stage4 = StageNetwork.Stage4(BackboneInputs.ShippedModel);
        manual_seed(7);
        using (no_grad())
        {
            // Stands in for fine-tuning: every weight and bias moves by 5 % of its tensor's spread.
            foreach (var parameter in stage4.parameters())
            {
                using var noise = randn_like(parameter) * (parameter.std() * 0.05);
                parameter.add_(noise);
            }
        }
        var rewritten = OnnxWeightWriter.Write(shipped, stage4);

        using var fineTuned = new ActivationSession(rewritten, [StageOperations.Stage3Output, StageOperations.Stage4Output]);
        var after = fineTuned.Run(images, count);
        stage4.eval();
        using var _ = no_grad();
        using var maps = tensor(before[0], [count, 256, 14, 14]);
        using var expected = stage4.forward(maps);

        Assert.Equal(before[0], after[0]);
        Assert.True(BackboneInputs.MaxAbsDifference(before[1], after[1]) > 0.01f, "the new weights changed stage 4's output");
        Assert.InRange(BackboneInputs.MaxAbsDifference(expected.data<float>().ToArray(), after[1]), 0, 1e-4f);
    }
}
