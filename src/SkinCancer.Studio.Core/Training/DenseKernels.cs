using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SkinCancer.Studio.Core.Training;

/// <summary>
/// Register-blocked kernels for the dense layer's two hot loops. Four output units share every load of an input row,
/// which cuts memory traffic about fourfold against one dot product per (sample, unit) pair. The order of additions is
/// fixed, so results are deterministic.
/// </summary>
internal static class DenseKernels
{
    /// <summary>output[b, o..o+3] = input[b, :] · weights[o..o+3, :] + bias, for every sample b.</summary>
    public static void ForwardFour(ReadOnlySpan<float> input, int batch, int inputs, ReadOnlySpan<float> weights, int o, int outputs,
        ReadOnlySpan<float> bias, Span<float> output)
    {
        var w0 = weights.Slice(o * inputs, inputs);
        var w1 = weights.Slice((o + 1) * inputs, inputs);
        var w2 = weights.Slice((o + 2) * inputs, inputs);
        var w3 = weights.Slice((o + 3) * inputs, inputs);
        int vectorEnd = Vector256.IsHardwareAccelerated ? inputs - inputs % Vector256<float>.Count : 0;
        for (int b = 0; b < batch; b++)
        {
            var x = input.Slice(b * inputs, inputs);
            var a0 = Vector256<float>.Zero;
            var a1 = Vector256<float>.Zero;
            var a2 = Vector256<float>.Zero;
            var a3 = Vector256<float>.Zero;
            ref float xr = ref MemoryMarshal.GetReference(x);
            ref float r0 = ref MemoryMarshal.GetReference(w0);
            ref float r1 = ref MemoryMarshal.GetReference(w1);
            ref float r2 = ref MemoryMarshal.GetReference(w2);
            ref float r3 = ref MemoryMarshal.GetReference(w3);
            for (int i = 0; i < vectorEnd; i += Vector256<float>.Count)
            {
                var xv = Vector256.LoadUnsafe(ref xr, (nuint)i);
                a0 = Vector256.FusedMultiplyAdd(xv, Vector256.LoadUnsafe(ref r0, (nuint)i), a0);
                a1 = Vector256.FusedMultiplyAdd(xv, Vector256.LoadUnsafe(ref r1, (nuint)i), a1);
                a2 = Vector256.FusedMultiplyAdd(xv, Vector256.LoadUnsafe(ref r2, (nuint)i), a2);
                a3 = Vector256.FusedMultiplyAdd(xv, Vector256.LoadUnsafe(ref r3, (nuint)i), a3);
            }
            float s0 = Vector256.Sum(a0), s1 = Vector256.Sum(a1), s2 = Vector256.Sum(a2), s3 = Vector256.Sum(a3);
            for (int i = vectorEnd; i < inputs; i++)
            {
                s0 += x[i] * w0[i];
                s1 += x[i] * w1[i];
                s2 += x[i] * w2[i];
                s3 += x[i] * w3[i];
            }
            var y = output.Slice(b * outputs + o, 4);
            y[0] = s0 + bias[o];
            y[1] = s1 + bias[o + 1];
            y[2] = s2 + bias[o + 2];
            y[3] = s3 + bias[o + 3];
        }
    }

    /// <summary>gradient[o..o+3, :] += Σ_b outputGradient[b, o..o+3] · input[b, :].</summary>
    public static void WeightGradientFour(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, int batch, int inputs, int o, int outputs,
        Span<float> gradient)
    {
        int vectorEnd = Vector256.IsHardwareAccelerated ? inputs - inputs % Vector256<float>.Count : 0;
        ref float g0 = ref MemoryMarshal.GetReference(gradient.Slice(o * inputs, inputs));
        ref float g1 = ref MemoryMarshal.GetReference(gradient.Slice((o + 1) * inputs, inputs));
        ref float g2 = ref MemoryMarshal.GetReference(gradient.Slice((o + 2) * inputs, inputs));
        ref float g3 = ref MemoryMarshal.GetReference(gradient.Slice((o + 3) * inputs, inputs));
        ref float xr = ref MemoryMarshal.GetReference(input);
        for (int i = 0; i < vectorEnd; i += Vector256<float>.Count)
        {
            var a0 = Vector256.LoadUnsafe(ref g0, (nuint)i);
            var a1 = Vector256.LoadUnsafe(ref g1, (nuint)i);
            var a2 = Vector256.LoadUnsafe(ref g2, (nuint)i);
            var a3 = Vector256.LoadUnsafe(ref g3, (nuint)i);
            for (int b = 0; b < batch; b++)
            {
                var xv = Vector256.LoadUnsafe(ref xr, (nuint)(b * inputs + i));
                int row = b * outputs + o;
                a0 = Vector256.FusedMultiplyAdd(xv, Vector256.Create(outputGradient[row]), a0);
                a1 = Vector256.FusedMultiplyAdd(xv, Vector256.Create(outputGradient[row + 1]), a1);
                a2 = Vector256.FusedMultiplyAdd(xv, Vector256.Create(outputGradient[row + 2]), a2);
                a3 = Vector256.FusedMultiplyAdd(xv, Vector256.Create(outputGradient[row + 3]), a3);
            }
            a0.StoreUnsafe(ref g0, (nuint)i);
            a1.StoreUnsafe(ref g1, (nuint)i);
            a2.StoreUnsafe(ref g2, (nuint)i);
            a3.StoreUnsafe(ref g3, (nuint)i);
        }
        for (int i = vectorEnd; i < inputs; i++)
        {
            for (int b = 0; b < batch; b++)
            {
                float x = input[b * inputs + i];
                int row = b * outputs + o;
                Unsafe.Add(ref g0, i) += outputGradient[row] * x;
                Unsafe.Add(ref g1, i) += outputGradient[row + 1] * x;
                Unsafe.Add(ref g2, i) += outputGradient[row + 2] * x;
                Unsafe.Add(ref g3, i) += outputGradient[row + 3] * x;
            }
        }
    }
}
