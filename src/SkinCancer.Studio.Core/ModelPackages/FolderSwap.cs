namespace SkinCancer.Studio.Core.ModelPackages;

/// <summary>
/// Puts a fully written folder in place of another with renames only, so a reader sees the old folder or the new one,
/// never a mix. Linux cannot swap two directories atomically from .NET, so replacing takes two renames (old aside, new
/// in); a crash between them leaves the old folder aside under a marked name, which readers move back
/// (<see cref="RestoreSetAside"/>) and writers also tidy up (<see cref="RecoverInterrupted"/>).
/// </summary>
public static class FolderSwap
{
    /// <summary>A sibling name for a folder being written: hidden, unique, and recognisably tied to its target.</summary>
    public static string StagingFor(string target) => Sibling(target, $"{Guid.NewGuid():N}.tmp");

    public static void Replace(string staging, string target)
    {
        var asides = new List<string>();
        for (int attempt = 0; ; attempt++)
        {
            if (Directory.Exists(target))
            {
                var aside = Sibling(target, $"{Guid.NewGuid():N}.old");
                Directory.Move(target, aside);
                asides.Add(aside);
            }
            try
            {
                Directory.Move(staging, target);
                break;
            }
            catch (IOException) when (attempt < 10 && Directory.Exists(target))
            {
                // A reader came between the two renames (the studio serves a run's frozen model while the run goes on),
                // found the target missing and moved the copy set aside back, as after a crash: set it aside again.
            }
        }
        foreach (var aside in asides.Where(Directory.Exists)) Directory.Delete(aside, recursive: true);
    }

    /// <summary>
    /// For writers, before writing: repairs what a crash during <see cref="Replace"/> or during writing can leave. A
    /// previous version set aside is moved back if the target is missing; set-aside copies of a target that exists, and
    /// abandoned staging folders, are deleted.
    /// </summary>
    public static void RecoverInterrupted(string target)
    {
        RestoreSetAside(target);
        foreach (var leftover in Leftovers(target, "*.old").Concat(Leftovers(target, "*.tmp")))
        {
            Directory.Delete(leftover, recursive: true);
        }
    }

    /// <summary>
    /// For readers: if the target is missing because a crash came between the two renames of <see cref="Replace"/>,
    /// the version set aside is moved back. Deletes nothing, so it cannot disturb a writer at work.
    /// </summary>
    public static void RestoreSetAside(string target)
    {
        target = Path.GetFullPath(target);
        if (Directory.Exists(target)) return;
        var newest = Leftovers(target, "*.old").OrderBy(Directory.GetLastWriteTimeUtc).LastOrDefault();
        if (newest is null) return;
        try
        {
            Directory.Move(newest, target);
        }
        catch (IOException) when (Directory.Exists(target))
        {
            // A writer finished its swap meanwhile: its folder is the newer one.
        }
    }

    private static string[] Leftovers(string target, string pattern)
    {
        target = Path.GetFullPath(target);
        var parent = Path.GetDirectoryName(target)!;
        return Directory.Exists(parent) ? Directory.GetDirectories(parent, $".{Path.GetFileName(target)}.{pattern}") : [];
    }

    /// <summary>Writes a file and flushes it to the disk, so the rename that publishes it never outruns its bytes.</summary>
    public static void WriteDurably(string path, ReadOnlySpan<byte> bytes)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    private static string Sibling(string target, string suffix)
    {
        target = Path.GetFullPath(target);
        return Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{suffix}");
    }
}
