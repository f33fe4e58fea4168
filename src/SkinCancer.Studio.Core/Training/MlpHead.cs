using System.Numerics.Tensors;

namespace SkinCancer.Studio.Core.Training;

/// <summary>
/// Standardise → Dense(hidden, ReLU) → Dropout → Dense(classes) → softmax; with 0 hidden units, a linear softmax head.
/// Standardisation (mean and 1/std of the training features) is part of the head, so a saved head needs nothing else.
/// </summary>
public sealed class MlpHead : IClassifierHead
{
    internal MlpHead(int inputLength, int hiddenUnits, int classCount)
    {
        InputLength = inputLength;
        HiddenUnits = hiddenUnits;
        ClassCount = classCount;
        Mean = new float[inputLength];
        InverseStd = new float[inputLength];
        Array.Fill(InverseStd, 1f);
        Hidden = hiddenUnits > 0 ? new DenseLayer(inputLength, hiddenUnits) : null;
        Output = new DenseLayer(hiddenUnits > 0 ? hiddenUnits : inputLength, classCount);
    }

    public int InputLength { get; }
    public int HiddenUnits { get; }
    public int ClassCount { get; }
    internal float[] Mean { get; }
    internal float[] InverseStd { get; }
    internal DenseLayer? Hidden { get; }
    internal DenseLayer Output { get; }

    internal IEnumerable<DenseLayer> Layers => Hidden is null ? [Output] : [Hidden, Output];

    /// <summary>The parameter arrays in a fixed order: how they are saved and restored.</summary>
    internal IEnumerable<float[]> ParameterArrays()
    {
        yield return Mean;
        yield return InverseStd;
        foreach (var layer in Layers)
        {
            yield return layer.Weights;
            yield return layer.Bias;
        }
    }

    public void Predict(ReadOnlySpan<float> features, Span<float> probabilities)
    {
        var x = new float[InputLength];
        Standardise(features, x);
        var logits = new float[ClassCount];
        Forward(x, 1, logits, hiddenActivations: null);
        StableSoftmax.Compute(logits, probabilities);
    }

    /// <summary>Class probabilities for many feature vectors at once (row-major into <paramref name="probabilities"/>): one pass per layer instead of one per vector.</summary>
    public void PredictMany(IReadOnlyList<float[]> features, float[] probabilities)
    {
        const int chunk = 256;
        var x = new float[Math.Min(chunk, features.Count) * InputLength];
        var logits = new float[Math.Min(chunk, features.Count) * ClassCount];
        for (int start = 0; start < features.Count; start += chunk)
        {
            int n = Math.Min(chunk, features.Count - start);
            for (int i = 0; i < n; i++) Standardise(features[start + i], x.AsSpan(i * InputLength, InputLength));
            Forward(x, n, logits, hiddenActivations: null);
            for (int i = 0; i < n; i++)
            {
                StableSoftmax.Compute(logits.AsSpan(i * ClassCount, ClassCount), probabilities.AsSpan((start + i) * ClassCount, ClassCount));
            }
        }
    }

    internal void Standardise(ReadOnlySpan<float> features, Span<float> destination)
    {
        TensorPrimitives.Subtract(features, Mean, destination);
        TensorPrimitives.Multiply(destination, InverseStd, destination);
    }

    /// <summary>Inference forward pass over standardised inputs (no dropout). Returns logits.</summary>
    internal void Forward(float[] x, int batch, float[] logits, float[]? hiddenActivations)
    {
        if (Hidden is null)
        {
            Output.Forward(x, batch, logits);
            return;
        }
        var h = hiddenActivations ?? new float[batch * HiddenUnits];
        Hidden.Forward(x, batch, h);
        TensorPrimitives.Max(h.AsSpan(0, batch * HiddenUnits), 0f, h.AsSpan(0, batch * HiddenUnits));
        Output.Forward(h, batch, logits);
    }

    internal MlpHead Clone()
    {
        var copy = new MlpHead(InputLength, HiddenUnits, ClassCount);
        foreach (var (from, to) in ParameterArrays().Zip(copy.ParameterArrays())) from.CopyTo(to, 0);
        return copy;
    }

    internal void CopyStandardisationFrom(MlpHead other)
    {
        other.Mean.CopyTo(Mean, 0);
        other.InverseStd.CopyTo(InverseStd, 0);
    }

    internal void CopyFrom(MlpHead other)
    {
        foreach (var (from, to) in other.ParameterArrays().Zip(ParameterArrays())) from.CopyTo(to, 0);
    }
}
