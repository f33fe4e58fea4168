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
        int b = 0;
        if (vectorEnd == inputs)
        {
            for (; b + 1 < batch; b += 2) ForwardTwoByFour(input, b, inputs, weights, o, outputs, bias, output);
        }
        for (; b < batch; b++)
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

    /// <summary>
    /// Samples b and b+1 against units o..o+3 (inputs a multiple of the vector width): eight independent accumulators
    /// keep both FMA units busy where four wait on each other's latency. Each sum is added in the same order as in the
    /// one-sample loop, so the results are bitwise the same.
    /// </summary>
    private static void ForwardTwoByFour(ReadOnlySpan<float> input, int b, int inputs, ReadOnlySpan<float> weights, int o, int outputs,
        ReadOnlySpan<float> bias, Span<float> output)
    {
        ref float x0 = ref MemoryMarshal.GetReference(input.Slice(b * inputs, inputs));
        ref float x1 = ref MemoryMarshal.GetReference(input.Slice((b + 1) * inputs, inputs));
        ref float r0 = ref MemoryMarshal.GetReference(weights.Slice(o * inputs, inputs));
        ref float r1 = ref MemoryMarshal.GetReference(weights.Slice((o + 1) * inputs, inputs));
        ref float r2 = ref MemoryMarshal.GetReference(weights.Slice((o + 2) * inputs, inputs));
        ref float r3 = ref MemoryMarshal.GetReference(weights.Slice((o + 3) * inputs, inputs));
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, c0 = default, c1 = default, c2 = default, c3 = default;
        for (int i = 0; i < inputs; i += Vector256<float>.Count)
        {
            var u = Vector256.LoadUnsafe(ref x0, (nuint)i);
            var v = Vector256.LoadUnsafe(ref x1, (nuint)i);
            var w = Vector256.LoadUnsafe(ref r0, (nuint)i);
            a0 = Vector256.FusedMultiplyAdd(u, w, a0);
            c0 = Vector256.FusedMultiplyAdd(v, w, c0);
            w = Vector256.LoadUnsafe(ref r1, (nuint)i);
            a1 = Vector256.FusedMultiplyAdd(u, w, a1);
            c1 = Vector256.FusedMultiplyAdd(v, w, c1);
            w = Vector256.LoadUnsafe(ref r2, (nuint)i);
            a2 = Vector256.FusedMultiplyAdd(u, w, a2);
            c2 = Vector256.FusedMultiplyAdd(v, w, c2);
            w = Vector256.LoadUnsafe(ref r3, (nuint)i);
            a3 = Vector256.FusedMultiplyAdd(u, w, a3);
            c3 = Vector256.FusedMultiplyAdd(v, w, c3);
        }
        var y = output.Slice(b * outputs + o, 4);
        y[0] = Vector256.Sum(a0) + bias[o];
        y[1] = Vector256.Sum(a1) + bias[o + 1];
        y[2] = Vector256.Sum(a2) + bias[o + 2];
        y[3] = Vector256.Sum(a3) + bias[o + 3];
        var z = output.Slice((b + 1) * outputs + o, 4);
        z[0] = Vector256.Sum(c0) + bias[o];
        z[1] = Vector256.Sum(c1) + bias[o + 1];
        z[2] = Vector256.Sum(c2) + bias[o + 2];
        z[3] = Vector256.Sum(c3) + bias[o + 3];
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
        const int Width = 8;
        int i0 = 0;
        // Two vector columns at once: eight independent accumulators instead of four (each still sums over b in order).
        for (; i0 + 2 * Width <= vectorEnd; i0 += 2 * Width)
        {
            nuint i = (nuint)i0, j = (nuint)(i0 + Width);
            var a0 = Vector256.LoadUnsafe(ref g0, i);
            var a1 = Vector256.LoadUnsafe(ref g1, i);
            var a2 = Vector256.LoadUnsafe(ref g2, i);
            var a3 = Vector256.LoadUnsafe(ref g3, i);
            var c0 = Vector256.LoadUnsafe(ref g0, j);
            var c1 = Vector256.LoadUnsafe(ref g1, j);
            var c2 = Vector256.LoadUnsafe(ref g2, j);
            var c3 = Vector256.LoadUnsafe(ref g3, j);
            for (int b = 0; b < batch; b++)
            {
                nuint rowStart = (nuint)(b * inputs);
                var u = Vector256.LoadUnsafe(ref xr, rowStart + i);
                var v = Vector256.LoadUnsafe(ref xr, rowStart + j);
                int row = b * outputs + o;
                var d = Vector256.Create(outputGradient[row]);
                a0 = Vector256.FusedMultiplyAdd(u, d, a0);
                c0 = Vector256.FusedMultiplyAdd(v, d, c0);
                d = Vector256.Create(outputGradient[row + 1]);
                a1 = Vector256.FusedMultiplyAdd(u, d, a1);
                c1 = Vector256.FusedMultiplyAdd(v, d, c1);
                d = Vector256.Create(outputGradient[row + 2]);
                a2 = Vector256.FusedMultiplyAdd(u, d, a2);
                c2 = Vector256.FusedMultiplyAdd(v, d, c2);
                d = Vector256.Create(outputGradient[row + 3]);
                a3 = Vector256.FusedMultiplyAdd(u, d, a3);
                c3 = Vector256.FusedMultiplyAdd(v, d, c3);
            }
            a0.StoreUnsafe(ref g0, i);
            a1.StoreUnsafe(ref g1, i);
            a2.StoreUnsafe(ref g2, i);
            a3.StoreUnsafe(ref g3, i);
            c0.StoreUnsafe(ref g0, j);
            c1.StoreUnsafe(ref g1, j);
            c2.StoreUnsafe(ref g2, j);
            c3.StoreUnsafe(ref g3, j);
        }
        for (int i = i0; i < vectorEnd; i += Vector256<float>.Count)
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
