namespace SkinCancer.Studio.FineTuning.Tests;

/// <summary>The build step that lets libLibTorchSharp.so load on Debian 12, on the real library.</summary>
public sealed class ElfVersionNeedTests
{
    private const string Version = "GLIBCXX_3.4.32";

    private static string PackageCopy =>
        Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                     ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
            "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    private static string OutputCopy => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    [Fact]
    public void Marking_weak_changes_only_that_entry_and_is_idempotent()
    {
        using var folder = new TempDirectory();
        var copy = folder.Combine("libLibTorchSharp.so");
        File.Copy(PackageCopy, copy);
        var original = File.ReadAllBytes(copy);
        Assert.Equal([(ushort)0], ElfVersionNeed.FlagsOf(original, Version));

        Assert.Equal(1, ElfVersionNeed.MarkWeakInFile(copy, Version));
        var patched = File.ReadAllBytes(copy);
        Assert.Equal([ElfVersionNeed.WeakFlag], ElfVersionNeed.FlagsOf(patched, Version));
        Assert.Equal(original.Length, patched.Length);
        Assert.Single(Enumerable.Range(0, original.Length), i => original[i] != patched[i]);
        Assert.Equal([(ushort)0], ElfVersionNeed.FlagsOf(patched, "GLIBCXX_3.4.30"));

        Assert.Equal(0, ElfVersionNeed.MarkWeakInFile(copy, Version));
        Assert.Equal(patched, File.ReadAllBytes(copy));
    }

    [Fact]
    public void The_build_patched_the_output_copy_and_left_the_package_cache_alone()
    {
        bool systemProvides = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6" }
            .Any(p => File.Exists(p) && ElfVersionNeed.Defines(p, Version));

        Assert.Equal(systemProvides ? [(ushort)0] : [ElfVersionNeed.WeakFlag], ElfVersionNeed.FlagsOf(File.ReadAllBytes(OutputCopy), Version));
        Assert.Equal([(ushort)0], ElfVersionNeed.FlagsOf(File.ReadAllBytes(PackageCopy), Version));
    }
}
