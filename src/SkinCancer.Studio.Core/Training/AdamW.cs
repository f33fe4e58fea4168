using System.Runtime.Intrinsics;

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
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // The update touches every weight every step: vectorised, it stops dominating the epoch time.
            var vb1 = Vector256.Create(b1);
            var vb1c = Vector256.Create(1 - b1);
            var vb2 = Vector256.Create(b2);
            var vb2c = Vector256.Create(1 - b2);
            var vc1 = Vector256.Create(1 / correction1);
            var vc2 = Vector256.Create(1 / correction2);
            var vlr = Vector256.Create(lr);
            var vdecay = Vector256.Create(decay);
            var veps = Vector256.Create(eps);
            for (; i <= parameters.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var g = Vector256.Create<float>(gradients.AsSpan(i));
                var mv = vb1 * Vector256.Create<float>(m.AsSpan(i)) + vb1c * g;
                var vv = vb2 * Vector256.Create<float>(v.AsSpan(i)) + vb2c * g * g;
                var p = Vector256.Create<float>(parameters.AsSpan(i));
                p -= vlr * (mv * vc1) / (Vector256.Sqrt(vv * vc2) + veps) + vdecay * p;
                mv.CopyTo(m.AsSpan(i));
                vv.CopyTo(v.AsSpan(i));
                p.CopyTo(parameters.AsSpan(i));
            }
        }
        for (; i < parameters.Length; i++)
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
