using SkinCancer.Studio.FineTuning.Network;
using static TorchSharp.torch;

namespace SkinCancer.Studio.FineTuning.Tests;

/// <summary>Stage 4 rebuilt in TorchSharp from ResNet18.onnx's weights computes what ONNX Runtime computes.</summary>
public sealed class StageNetworkTests
{
    [Fact]
    public void Stage4_matches_onnx_runtime_from_the_same_stage3_maps()
    {
        const int count = 2;
        using var session = new ActivationSession(File.ReadAllBytes(BackboneInputs.ShippedModel),
            [StageOperations.Stage3Output, StageOperations.Stage4Output]);
        var outputs = session.Run(BackboneInputs.Shapes(count), count);

        using var stage4 = StageNetwork.Stage4(BackboneInputs.ShippedModel);
        stage4.eval();
        using var _ = no_grad();
        using var maps = tensor(outputs[0], [count, 256, 14, 14]);
        using var result = stage4.forward(maps);

        Assert.Equal([count, 512L, 7, 7], result.shape);
        Assert.Equal(7, stage4.Convolutions.Count()); // 3 blocks of 2, and the stride-2 projection
        Assert.Equal(14, stage4.parameters().Count());
        Assert.True(outputs[1].Max() > 1, "the maps are not trivially zero");
        Assert.InRange(BackboneInputs.MaxAbsDifference(result.data<float>().ToArray(), outputs[1]), 0, 1e-4f);
    }

    [Fact]
    public void A_bfloat16_training_pass_stays_close_to_32_bits_and_its_gradients_reach_the_32_bit_weights()
    {
        const int count = 2;
        using var session = new ActivationSession(File.ReadAllBytes(BackboneInputs.ShippedModel), [StageOperations.Stage3Output]);
        using var maps = tensor(session.Run(BackboneInputs.Shapes(count), count)[0], [count, 256, 14, 14]);
        using var stage4 = StageNetwork.Stage4(BackboneInputs.ShippedModel);
        stage4.train();
        using var exact = stage4.forward(maps);

        stage4.BFloat16Training = true;
        using var half = stage4.forward(maps);
        using var sum = half.sum();
        sum.backward();

        Assert.Equal(ScalarType.Float32, half.dtype);
        float scale = exact.abs().max().item<float>();
        // bfloat16 keeps 8 significant bits: a few percent of the largest activation after seven convolutions.
        Assert.InRange(BackboneInputs.MaxAbsDifference(half.data<float>().ToArray(), exact.data<float>().ToArray()), 1e-6f, 0.05f * scale);
        Assert.All(stage4.parameters(), p =>
        {
            Assert.Equal(ScalarType.Float32, p.dtype);
            Assert.NotNull(p.grad);
            Assert.Equal(ScalarType.Float32, p.grad!.dtype);
        });

        // Evaluation is exact again: validation and the kept network are what ONNX Runtime computes.
        stage4.eval();
        using var _ = no_grad();
        using var evaluated = stage4.forward(maps);
        Assert.Equal(0f, BackboneInputs.MaxAbsDifference(evaluated.data<float>().ToArray(), exact.data<float>().ToArray()));
    }
}
