using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SkinCancer.Studio.Core.Training;

/// <summary>Adam with decoupled weight decay (Loshchilov &amp; Hutter), applied to weights but not biases.</summary>
internal sealed class AdamW(double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
{
    /// <summary>Elements per parallel chunk: the hidden layer's 393,216 weights are six chunks, a bias stays on one thread.</summary>
    private const int Chunk = 65_536;

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
        var step = new Step((float)beta1, (float)beta2, (float)(1 - Math.Pow(beta1, _step)), (float)(1 - Math.Pow(beta2, _step)),
            (float)learningRate, (float)(learningRate * weightDecay), (float)epsilon);
        // The update touches every weight every step (about a fifth of an epoch on one thread): each element is
        // independent, so chunks run in parallel with results identical to a single pass.
        int chunks = (parameters.Length + Chunk - 1) / Chunk;
        if (chunks == 1)
        {
            step.Apply(parameters, gradients, moments.M, moments.V, 0, parameters.Length);
        }
        else
        {
            Parallel.For(0, chunks, c => step.Apply(parameters, gradients, moments.M, moments.V, c * Chunk, Math.Min(parameters.Length, (c + 1) * Chunk)));
        }
    }

    private readonly record struct Step(float B1, float B2, float Correction1, float Correction2, float LearningRate, float Decay, float Epsilon)
    {
        public void Apply(float[] parameters, float[] gradients, float[] m, float[] v, int start, int end)
        {
            int i = start;
            if (Vector256.IsHardwareAccelerated)
            {
                var vb1 = Vector256.Create(B1);
                var vb1c = Vector256.Create(1 - B1);
                var vb2 = Vector256.Create(B2);
                var vb2c = Vector256.Create(1 - B2);
                var vc1 = Vector256.Create(1 / Correction1);
                var vc2 = Vector256.Create(1 / Correction2);
                var vlr = Vector256.Create(LearningRate);
                var vdecay = Vector256.Create(Decay);
                var veps = Vector256.Create(Epsilon);
                ref float pr = ref MemoryMarshal.GetArrayDataReference(parameters);
                ref float gr = ref MemoryMarshal.GetArrayDataReference(gradients);
                ref float mr = ref MemoryMarshal.GetArrayDataReference(m);
                ref float vr = ref MemoryMarshal.GetArrayDataReference(v);
                for (; i <= end - Vector256<float>.Count; i += Vector256<float>.Count)
                {
                    var g = Vector256.LoadUnsafe(ref gr, (nuint)i);
                    var mv = vb1 * Vector256.LoadUnsafe(ref mr, (nuint)i) + vb1c * g;
                    var vv = vb2 * Vector256.LoadUnsafe(ref vr, (nuint)i) + vb2c * g * g;
                    var p = Vector256.LoadUnsafe(ref pr, (nuint)i);
                    p -= vlr * (mv * vc1) / (Vector256.Sqrt(vv * vc2) + veps) + vdecay * p;
                    mv.StoreUnsafe(ref mr, (nuint)i);
                    vv.StoreUnsafe(ref vr, (nuint)i);
                    p.StoreUnsafe(ref pr, (nuint)i);
                }
            }
            for (; i < end; i++)
            {
                float g = gradients[i];
                m[i] = B1 * m[i] + (1 - B1) * g;
                v[i] = B2 * v[i] + (1 - B2) * g * g;
                float mHat = m[i] / Correction1;
                float vHat = v[i] / Correction2;
                parameters[i] -= LearningRate * mHat / (MathF.Sqrt(vHat) + Epsilon) + Decay * parameters[i];
            }
        }
    }
}
