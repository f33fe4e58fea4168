using System.Numerics.Tensors;

namespace SkinCancer.Studio.Core.Training;

/// <summary>
/// Softmax shifted by the largest logit. <see cref="TensorPrimitives.SoftMax(ReadOnlySpan{float}, Span{float})"/>
/// exponentiates the logits as they are, so a logit above ~88 overflows to ∞ and every probability becomes NaN: seen on
/// photos far from a model's training data. The shift gives the same probabilities without the overflow.
/// </summary>
internal static class StableSoftmax
{
    public static void Compute(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        float max = TensorPrimitives.Max(logits);
        TensorPrimitives.Subtract(logits, max, probabilities);
        TensorPrimitives.Exp(probabilities, probabilities);
        TensorPrimitives.Divide(probabilities, TensorPrimitives.Sum(probabilities), probabilities);
    }
}
