using System.Numerics.Tensors;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.Explanations;

/// <summary>
/// The head run forward on one feature vector, and the gradient of a class's log-odds with respect to the features.
/// The log-odds (the class's logit minus the log-sum-exp of the others' logits) is what a change of the class's
/// probability follows, and unlike the probability it does not flatten to a zero gradient when the model is sure.
/// </summary>
internal sealed class HeadGradient
{
    private readonly MlpHead _head;
    private readonly float[] _hiddenPre;
    private readonly float[] _logits;

    public HeadGradient(MlpHead head, ReadOnlySpan<float> features)
    {
        _head = head;
        var x = new float[head.InputLength];
        head.Standardise(features, x);
        _hiddenPre = head.Hidden is { } hidden ? Dense(hidden, x) : x;
        var activations = head.Hidden is null ? x : _hiddenPre.Select(v => Math.Max(v, 0f)).ToArray();
        _logits = Dense(head.Output, activations);
        Probabilities = new float[head.ClassCount];
        StableSoftmax.Compute(_logits, Probabilities);
    }

    public float[] Probabilities { get; }

    /// <summary>d(log-odds of <paramref name="label"/>)/d(features).</summary>
    public float[] LogOddsGradient(int label)
    {
        // d/dlogits: 1 for the class, minus the softmax over the other classes for each of them.
        var others = _logits.Select((z, k) => k == label ? float.NegativeInfinity : z).ToArray();
        var logitGradient = new float[_logits.Length];
        StableSoftmax.Compute(others, logitGradient);
        TensorPrimitives.Negate(logitGradient, logitGradient);
        logitGradient[label] = 1f;

        var gradient = Backward(_head.Output, logitGradient);
        if (_head.Hidden is { } hidden)
        {
            for (int i = 0; i < gradient.Length; i++) if (_hiddenPre[i] <= 0) gradient[i] = 0;
            gradient = Backward(hidden, gradient);
        }
        TensorPrimitives.Multiply(gradient, _head.InverseStd, gradient);
        return gradient;
    }

    private static float[] Dense(DenseLayer layer, float[] input)
    {
        var output = new float[layer.Outputs];
        for (int o = 0; o < layer.Outputs; o++) output[o] = TensorPrimitives.Dot(layer.Row(o), input) + layer.Bias[o];
        return output;
    }

    private static float[] Backward(DenseLayer layer, float[] outputGradient)
    {
        var inputGradient = new float[layer.Inputs];
        for (int o = 0; o < layer.Outputs; o++)
        {
            if (outputGradient[o] != 0) TensorPrimitives.MultiplyAdd(layer.Row(o), outputGradient[o], inputGradient, inputGradient);
        }
        return inputGradient;
    }
}
