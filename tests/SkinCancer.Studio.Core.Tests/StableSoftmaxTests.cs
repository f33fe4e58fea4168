using System.Numerics.Tensors;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.Tests;

public sealed class StableSoftmaxTests
{
    [Fact]
    public void Large_logits_give_probabilities_not_NaN()
    {
        var probabilities = new float[3];
        StableSoftmax.Compute([1000f, 0f, 999f], probabilities);
        Assert.Equal(0.7310586f, probabilities[0], 1e-6f);
        Assert.Equal(0f, probabilities[1]);
        Assert.Equal(0.2689414f, probabilities[2], 1e-6f);
    }

    [Fact]
    public void Ordinary_logits_give_the_plain_softmax()
    {
        float[] logits = [1.5f, -0.25f, 0.75f, 3f];
        var expected = new float[4];
        var actual = new float[4];
        TensorPrimitives.SoftMax(logits, expected);
        StableSoftmax.Compute(logits, actual);
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], actual[i], 1e-6f);
    }
}
