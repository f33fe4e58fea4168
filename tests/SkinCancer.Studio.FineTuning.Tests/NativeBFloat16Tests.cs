using SkinCancer.Studio.FineTuning.Training;

namespace SkinCancer.Studio.FineTuning.Tests;

/// <summary>Automatic bfloat16 steps only where /proc/cpuinfo lists a native bfloat16 flag.</summary>
public sealed class NativeBFloat16Tests
{
    [Fact]
    public void A_missing_cpu_flag_leaves_automatic_bfloat16_off()
    {
        Assert.True(NativeBFloat16.HasFlag("processor\t: 0\nflags\t\t: fpu sse avx2 avx512f avx512_bf16 avx512_vnni\n"));
        Assert.True(NativeBFloat16.HasFlag("flags\t\t: fpu amx_bf16 amx_tile\n"));
        Assert.False(NativeBFloat16.HasFlag("flags\t\t: fpu sse avx2 avx512f avx512_vnni\n"));
        Assert.False(NativeBFloat16.HasFlag("model name\t: avx512_bf16 in a name is not a flag\n"));
        Assert.False(NativeBFloat16.HasFlag(""));
    }
}
