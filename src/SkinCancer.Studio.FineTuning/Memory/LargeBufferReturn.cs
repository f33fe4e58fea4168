using System.Runtime.InteropServices;

namespace SkinCancer.Studio.FineTuning.Memory;

/// <summary>
/// Makes glibc give libtorch's largest freed buffers back to the system at once. A training step allocates its
/// activations, gradients and convolution work buffers (up to tens of MB) with aligned mallocs. By default glibc raises
/// its mmap threshold to the largest buffer freed so far (up to 32 MB), so after the first step even the largest come
/// from the heap, which then fragments and grows without bound: a full skin run's RSS grew by ~40 MB per step, to
/// 4.8 GB, and 48 steps on random maps grew 1.0 → 2.0 GB. Fixed thresholds, same 48 steps (LeakProbe, docs/accuracy.md):
/// 128 KB stays flat at 1.05 GB but is 3–4× slower (every buffer page-faulted afresh); 16 and 32 MB still grow;
/// <b>8 MB</b> stays flat (0.92 → 0.97 GB) at ~5–10 % more time per step. Process-wide and harmless to the rest: .NET's
/// and ONNX Runtime's allocators keep their own pools.
/// </summary>
internal static class LargeBufferReturn
{
    private const int MmapThresholdParameter = -3; // M_MMAP_THRESHOLD in malloc.h
    private const int ThresholdBytes = 8 * 1024 * 1024;
    private static int _applied;

    /// <summary>Sets the fixed threshold (once per process); false where the C library is not glibc.</summary>
    public static bool Apply()
    {
        if (!OperatingSystem.IsLinux()) return false;
        if (Interlocked.Exchange(ref _applied, 1) == 1) return true;
        try
        {
            return mallopt(MmapThresholdParameter, ThresholdBytes) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // musl and other C libraries have no mallopt; they return large buffers on their own
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);
}
