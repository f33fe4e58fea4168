using static TorchSharp.torch;

namespace SkinCancer.Studio.FineTuning.Tests;

/// <summary>TorchSharp's natives load from this test's output folder (patched by build/TorchSharpNatives.targets) and train.</summary>
public sealed class TorchSharpLoadTests
{
    [Fact]
    public void A_backward_pass_computes_the_gradient()
    {
        using var x = tensor(new float[] { 1f, 2f, 3f }, requires_grad: true);
        using var loss = (x * x).sum();
        loss.backward();

        Assert.Equal(new float[] { 2f, 4f, 6f }, x.grad!.data<float>().ToArray());
    }
}
