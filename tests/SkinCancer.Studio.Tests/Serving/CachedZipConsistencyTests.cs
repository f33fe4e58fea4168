using System.IO.Compression;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Testing;
using SkinCancer.Studio.Web.Serving;

namespace SkinCancer.Studio.Tests.Serving;

/// <summary>
/// A fine-tuning run's model folder is replaced (two renames, <see cref="FolderSwap"/>) while its frozen model can be
/// downloaded. A <c>model.zip</c> written across that moment must not mix the files of two versions.
/// </summary>
public sealed class CachedZipConsistencyTests : IDisposable
{
    private const int Files = 6;
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_zip_of_a_folder_replaced_while_it_is_zipped_holds_one_version_of_every_file()
    {
        var target = _temp.Combine("model");
        Write(target, version: 0);
        var zips = new CachedZips(new ProjectFolders(_temp.Path));
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            for (int version = 1; !stop.IsCancellationRequested; version++)
            {
                var staging = FolderSwap.StagingFor(target);
                Write(staging, version);
                FolderSwap.Replace(staging, target);
                Thread.Sleep(100); // a run replaces its model once; here often enough that zips keep being written across it
            }
        });

        int checkedZips = 0;
        var versionsSeen = new HashSet<byte>();
        for (int i = 0; i < 300; i++)
        {
            var zip = await zips.GetAsync(target, _temp.Combine("zips", $"model-{i}.zip"), CompressionLevel.Fastest);
            using var archive = ZipFile.OpenRead(zip);
            Assert.Equal(Files, archive.Entries.Count);
            var versions = archive.Entries.Select(entry =>
            {
                using var stream = entry.Open();
                return (byte)stream.ReadByte();
            }).Distinct().ToArray();
            Assert.True(versions.Length == 1, $"zip {i} mixes versions {string.Join(", ", versions)}");
            versionsSeen.Add(versions[0]);
            checkedZips++;
        }
        await stop.CancelAsync();
        await writer;

        Assert.Equal(300, checkedZips);
        Assert.True(versionsSeen.Count > 1, "the folder was never replaced while zips were written: the test proved nothing");
    }

    /// <summary>A folder whose every file starts with the version byte; big enough that zipping it takes a few milliseconds.</summary>
    private static void Write(string folder, int version)
    {
        Directory.CreateDirectory(folder);
        var bytes = new byte[32 * 1024];
        new Random(version).NextBytes(bytes);
        bytes[0] = (byte)version;
        for (int f = 0; f < Files; f++) File.WriteAllBytes(Path.Combine(folder, $"part{f}.bin"), bytes);
    }
}
