using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.Tests;

/// <summary>
/// The dense layer's blocked kernels (four units, two samples or two vector columns at a time, leftovers) against a
/// plain double-precision computation, for shapes that reach every path: widths that are and are not multiples of the
/// vector width, odd and even batches, unit counts with and without a remainder of four.
/// </summary>
public sealed class DenseKernelTests
{
    [Theory]
    [InlineData(48, 8, 5)]
    [InlineData(40, 6, 4)]
    [InlineData(13, 9, 3)]
    [InlineData(1536, 12, 32)]
    public void Forward_and_weight_gradients_match_a_plain_computation(int inputs, int outputs, int batch)
    {
        var random = new Random(inputs * 31 + outputs);
        var layer = new DenseLayer(inputs, outputs);
        layer.Initialise(random, relu: true);
        for (int o = 0; o < outputs; o++) layer.Bias[o] = random.NextSingle() - 0.5f;
        var input = Enumerable.Range(0, batch * inputs).Select(_ => random.NextSingle() * 2 - 1).ToArray();
        var outputGradient = Enumerable.Range(0, batch * outputs).Select(_ => random.NextSingle() - 0.5f).ToArray();

        var output = new float[batch * outputs];
        layer.Forward(input, batch, output);
        layer.ClearGradients();
        layer.Backward(input, outputGradient, batch, inputGradient: null);

        for (int b = 0; b < batch; b++)
        {
            for (int o = 0; o < outputs; o++)
            {
                double expected = layer.Bias[o];
                for (int i = 0; i < inputs; i++) expected += (double)input[b * inputs + i] * layer.Weights[o * inputs + i];
                Assert.Equal(expected, output[b * outputs + o], 1e-4 * Math.Sqrt(inputs));
            }
        }
        for (int o = 0; o < outputs; o++)
        {
            for (int i = 0; i < inputs; i++)
            {
                double expected = 0;
                for (int b = 0; b < batch; b++) expected += (double)outputGradient[b * outputs + o] * input[b * inputs + i];
                Assert.Equal(expected, layer.WeightGradient[o * inputs + i], 1e-4 * Math.Sqrt(batch));
            }
        }
    }
}
