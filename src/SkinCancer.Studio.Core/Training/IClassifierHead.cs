namespace SkinCancer.Studio.Core.Training;

/// <summary>The trainable part on top of the frozen backbone: feature vector in, class probabilities out.</summary>
public interface IClassifierHead
{
    int InputLength { get; }
    int ClassCount { get; }

    /// <summary>Writes the class probabilities (summing to 1) for one feature vector.</summary>
    void Predict(ReadOnlySpan<float> features, Span<float> probabilities);
}
