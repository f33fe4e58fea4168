namespace SkinCancer.Studio.Core.Training;

/// <summary>Adam with decoupled weight decay (Loshchilov &amp; Hutter), applied to weights but not biases.</summary>
internal sealed class AdamW(double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
{
    private readonly Dictionary<float[], (float[] M, float[] V)> _moments = new(ReferenceEqualityComparer.Instance);
    private int _step;

    public void BeginStep() => _step++;

    public void Update(float[] parameters, float[] gradients, double learningRate, double weightDecay)
    {
        if (!_moments.TryGetValue(parameters, out var moments))
        {
            moments = (new float[parameters.Length], new float[parameters.Length]);
            _moments[parameters] = moments;
        }
        var (m, v) = moments;
        float b1 = (float)beta1, b2 = (float)beta2;
        float correction1 = (float)(1 - Math.Pow(beta1, _step));
        float correction2 = (float)(1 - Math.Pow(beta2, _step));
        float lr = (float)learningRate, decay = (float)(learningRate * weightDecay), eps = (float)epsilon;
        for (int i = 0; i < parameters.Length; i++)
        {
            float g = gradients[i];
            m[i] = b1 * m[i] + (1 - b1) * g;
            v[i] = b2 * v[i] + (1 - b2) * g * g;
            float mHat = m[i] / correction1;
            float vHat = v[i] / correction2;
            parameters[i] -= lr * mHat / (MathF.Sqrt(vHat) + eps) + decay * parameters[i];
        }
    }
}
