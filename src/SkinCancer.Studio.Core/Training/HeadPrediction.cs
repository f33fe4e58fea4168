using System.Numerics.Tensors;

namespace SkinCancer.Studio.Core.Training;

public static class HeadPrediction
{
    /// <summary>Test-time averaging: the mean of the class probabilities over the given views of one image.</summary>
    public static void PredictAveraged(IClassifierHead head, IReadOnlyList<float[]> views, Span<float> probabilities)
    {
        probabilities.Clear();
        Span<float> one = stackalloc float[head.ClassCount];
        foreach (var view in views)
        {
            head.Predict(view, one);
            TensorPrimitives.Add(probabilities, one, probabilities);
        }
        TensorPrimitives.Divide(probabilities, views.Count, probabilities);
    }
}
