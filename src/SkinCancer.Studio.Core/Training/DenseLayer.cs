using System.Numerics.Tensors;

namespace SkinCancer.Studio.Core.Training;

/// <summary>
/// A fully connected layer y = W·x + b over a mini-batch stored row-major ([batch, in] → [batch, out]).
/// Weights are kept as [out, in] rows so every output is one SIMD dot product; work is split across cores by output
/// unit, so results do not depend on thread timing.
/// </summary>
internal sealed class DenseLayer
{
    public DenseLayer(int inputs, int outputs)
    {
        Inputs = inputs;
        Outputs = outputs;
        Weights = new float[inputs * outputs];
        Bias = new float[outputs];
        WeightGradient = new float[Weights.Length];
        BiasGradient = new float[outputs];
    }

    public int Inputs { get; }
    public int Outputs { get; }
    public float[] Weights { get; }
    public float[] Bias { get; }
    public float[] WeightGradient { get; }
    public float[] BiasGradient { get; }

    public Span<float> Row(int output) => Weights.AsSpan(output * Inputs, Inputs);

    /// <summary>He/Glorot-style uniform initialisation from a seeded generator.</summary>
    public void Initialise(Random random, bool relu)
    {
        double limit = relu ? Math.Sqrt(6.0 / Inputs) : Math.Sqrt(6.0 / (Inputs + Outputs));
        for (int i = 0; i < Weights.Length; i++) Weights[i] = (float)((random.NextDouble() * 2 - 1) * limit);
        Array.Clear(Bias);
    }

    public void Forward(float[] input, int batch, float[] output)
    {
        ForEachOutputBlock(o => DenseKernels.ForwardFour(input, batch, Inputs, Weights, o, Outputs, Bias, output), o =>
        {
            var row = Weights.AsSpan(o * Inputs, Inputs);
            for (int b = 0; b < batch; b++)
            {
                output[b * Outputs + o] = TensorPrimitives.Dot(row, input.AsSpan(b * Inputs, Inputs)) + Bias[o];
            }
        });
    }

    /// <summary>Adds this batch's gradients to <see cref="WeightGradient"/>/<see cref="BiasGradient"/>; writes dL/dx when asked.</summary>
    public void Backward(float[] input, float[] outputGradient, int batch, float[]? inputGradient)
    {
        for (int b = 0; b < batch; b++)
        {
            for (int o = 0; o < Outputs; o++) BiasGradient[o] += outputGradient[b * Outputs + o];
        }
        ForEachOutputBlock(o => DenseKernels.WeightGradientFour(input, outputGradient, batch, Inputs, o, Outputs, WeightGradient), o =>
        {
            var gradientRow = WeightGradient.AsSpan(o * Inputs, Inputs);
            for (int b = 0; b < batch; b++)
            {
                float g = outputGradient[b * Outputs + o];
                if (g != 0) TensorPrimitives.MultiplyAdd(input.AsSpan(b * Inputs, Inputs), g, gradientRow, gradientRow);
            }
        });

        if (inputGradient is null) return;
        Array.Clear(inputGradient, 0, batch * Inputs);
        for (int b = 0; b < batch; b++)
        {
            var dx = inputGradient.AsSpan(b * Inputs, Inputs);
            for (int o = 0; o < Outputs; o++)
            {
                float g = outputGradient[b * Outputs + o];
                if (g != 0) TensorPrimitives.MultiplyAdd(Row(o), g, dx, dx);
            }
        }
    }

    public void ClearGradients()
    {
        Array.Clear(WeightGradient);
        Array.Clear(BiasGradient);
    }

    /// <summary>Runs <paramref name="four"/> on blocks of four output units and <paramref name="one"/> on the rest.</summary>
    private void ForEachOutputBlock(Action<int> four, Action<int> one)
    {
        int blocks = Outputs / 4;
        // Splitting tiny layers across threads costs more than it saves.
        if ((long)Inputs * Outputs < 32_768)
        {
            for (int k = 0; k < blocks; k++) four(4 * k);
        }
        else
        {
            Parallel.For(0, blocks, k => four(4 * k));
        }
        for (int o = 4 * blocks; o < Outputs; o++) one(o);
    }
}
