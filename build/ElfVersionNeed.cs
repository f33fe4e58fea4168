// Compiled twice: by MSBuild's RoslynCodeTaskFactory as the WeakenVersionNeed build task (build/TorchSharpNatives.targets),
// and into SkinCancer.Studio.FineTuning.Tests with ELF_VERSION_NEED_TESTS defined, which tests the patcher alone.
using System;
using System.IO;
using System.Text;

/// <summary>
/// Rewrites version-need entries (.gnu.version_r) of an ELF64 little-endian shared library.
/// Why: TorchSharp's libLibTorchSharp.so needs GLIBCXX_3.4.32, which Debian 12's libstdc++ (3.4.30) lacks, so the loader
/// refuses it. The only symbol under that version is std::ios_base_library_init(), a marker GCC 13 emits that no
/// relocation uses. Marking the entry weak (VER_FLG_WEAK) tells ld.so that a missing version is not an error, and
/// nothing else in the file changes.
/// </summary>
public static class ElfVersionNeed
{
    public const ushort WeakFlag = 0x2;
    private const uint VerneedSectionType = 0x6ffffffe;

    /// <summary>Flags of every version-need entry named <paramref name="version"/>; empty when the file needs none.</summary>
    public static ushort[] FlagsOf(byte[] elf, string version)
    {
        var offsets = EntryOffsets(elf, version);
        var flags = new ushort[offsets.Length];
        for (int i = 0; i < offsets.Length; i++) flags[i] = BitConverter.ToUInt16(elf, offsets[i] + 4);
        return flags;
    }

    /// <summary>Marks every need of <paramref name="version"/> weak; returns how many entries changed (0 when already weak: idempotent).</summary>
    public static int MarkWeak(byte[] elf, string version)
    {
        int changed = 0;
        foreach (int offset in EntryOffsets(elf, version))
        {
            ushort flags = BitConverter.ToUInt16(elf, offset + 4);
            if ((flags & WeakFlag) != 0) continue;
            BitConverter.GetBytes((ushort)(flags | WeakFlag)).CopyTo(elf, offset + 4);
            changed++;
        }
        return changed;
    }

    /// <summary>
    /// Patches <paramref name="path"/> in place through a new file moved over it: a hard link into the package cache
    /// is replaced, never written through. Keeps the file's timestamp so MSBuild's incremental copy still sees it as the
    /// package's file and does not copy the unpatched one back. Returns the number of entries changed.
    /// </summary>
    public static int MarkWeakInFile(string path, string version)
    {
        var bytes = File.ReadAllBytes(path);
        int changed = MarkWeak(bytes, version);
        if (changed == 0) return 0;
        var lastWrite = File.GetLastWriteTimeUtc(path);
        var temporary = path + ".weak-version-need.tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Delete(path);
        File.Move(temporary, path);
        File.SetLastWriteTimeUtc(path, lastWrite);
        return changed;
    }

    /// <summary>Whether a library (the system's libstdc++) defines <paramref name="version"/>: its name is in the string table.</summary>
    public static bool Defines(string libraryPath, string version)
    {
        var bytes = File.ReadAllBytes(libraryPath);
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        // RoslynCodeTaskFactory compiles against netstandard 2.0: no span search, so a plain scan.
        for (int i = Array.IndexOf(bytes, needle[0]); i >= 0 && i <= bytes.Length - needle.Length; i = Array.IndexOf(bytes, needle[0], i + 1))
        {
            int k = 1;
            while (k < needle.Length && bytes[i + k] == needle[k]) k++;
            if (k == needle.Length) return true;
        }
        return false;
    }

    private static int[] EntryOffsets(byte[] elf, string version)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1) throw new InvalidDataException("not a 64-bit little-endian ELF file");

        long sectionTable = BitConverter.ToInt64(elf, 0x28);
        int entrySize = BitConverter.ToUInt16(elf, 0x3A);
        int sectionCount = BitConverter.ToUInt16(elf, 0x3C);
        var found = new System.Collections.Generic.List<int>();
        for (int s = 0; s < sectionCount; s++)
        {
            int header = checked((int)(sectionTable + (long)s * entrySize));
            if (BitConverter.ToUInt32(elf, header + 4) != VerneedSectionType) continue;
            int needs = checked((int)BitConverter.ToInt64(elf, header + 0x18));
            int strings = checked((int)BitConverter.ToInt64(elf, SectionHeader(elf, sectionTable, entrySize, BitConverter.ToInt32(elf, header + 0x28)) + 0x18));
            int needCount = BitConverter.ToInt32(elf, header + 0x2C);
            // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32.
            // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32.
            for (int n = 0, need = needs; n < needCount; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, need + 2);
                for (int a = 0, aux = need + BitConverter.ToInt32(elf, need + 8); a < auxCount; a++)
                {
                    if (NameAt(elf, strings + BitConverter.ToInt32(elf, aux + 8)) == version) found.Add(aux);
                    aux += BitConverter.ToInt32(elf, aux + 12);
                }
                need += BitConverter.ToInt32(elf, need + 12);
            }
        }
        return found.ToArray();
    }

    private static int SectionHeader(byte[] elf, long sectionTable, int entrySize, int index) =>
        checked((int)(sectionTable + (long)index * entrySize));

    private static string NameAt(byte[] elf, int offset)
    {
        int end = Array.IndexOf(elf, (byte)0, offset);
        return Encoding.ASCII.GetString(elf, offset, end - offset);
    }
}

#if !ELF_VERSION_NEED_TESTS
/// <summary>The build task: marks <see cref="Version"/> weak in each of <see cref="Libraries"/> that exists.</summary>
public sealed class WeakenVersionNeed : Microsoft.Build.Utilities.Task
{
    [Microsoft.Build.Framework.Required] public Microsoft.Build.Framework.ITaskItem[] Libraries { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

    [Microsoft.Build.Framework.Required] public string Version { get; set; } = "";

    /// <summary>Libraries whose presence with <see cref="Version"/> defined makes the patch unnecessary (the system's libstdc++).</summary>
    public Microsoft.Build.Framework.ITaskItem[] Providers { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

    public override bool Execute()
    {
        foreach (var provider in Providers)
        {
            if (File.Exists(provider.ItemSpec) && ElfVersionNeed.Defines(provider.ItemSpec, Version))
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, $"{provider.ItemSpec} provides {Version}: nothing to weaken");
                return true;
            }
        }
        foreach (var library in Libraries)
        {
            if (!File.Exists(library.ItemSpec)) continue;
            int changed = ElfVersionNeed.MarkWeakInFile(library.ItemSpec, Version);
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal,
                changed > 0 ? $"{library.ItemSpec}: need of {Version} marked weak" : $"{library.ItemSpec}: need of {Version} already weak");
        }
        return true;
    }
}
#endif
