using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Testing;

namespace SkinCancer.Studio.Core.Tests;

/// <summary>
/// Model folders are written to a staging folder and renamed into place. A crash can stop that at any point; each test
/// rebuilds the state a crash at one point leaves on disk and checks that what loads is always a whole model.
/// </summary>
public sealed class ModelPackageAtomicWriteTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Target => _temp.Combine("runs", "model");

    private static ModelPackage Package(float weight) => TinyModels.Package(weight);

    private static float FirstWeight(ModelPackage package) => package.Head.ParameterArrays().First()[0];

    private string[] Siblings() => Directory.GetFileSystemEntries(Path.GetDirectoryName(Target)!).Select(Path.GetFileName).Order().ToArray()!;

    [Fact]
    public void Replacing_a_model_leaves_exactly_the_new_folder_and_nothing_beside_it()
    {
        Package(1f).Save(Target);
        Package(2f).Save(Target);

        Assert.Equal(2f, FirstWeight(ModelPackage.Load(Target)));
        Assert.Equal(["model"], Siblings());
    }

    [Fact]
    public void A_crash_while_writing_leaves_a_staging_folder_that_is_never_a_model_and_the_previous_model_loads()
    {
        Package(1f).Save(Target);
        // What a kill after the weights but before metadata.json leaves: a hidden staging folder with half a weights file.
        var staging = FolderSwap.StagingFor(Target);
        Directory.CreateDirectory(staging);
        File.WriteAllBytes(Path.Combine(staging, ModelPackage.WeightsFile), new byte[10]);

        Assert.Equal(1f, FirstWeight(ModelPackage.Load(Target)));
        Assert.Throws<ModelLoadException>(() => ModelPackage.Load(staging));

        Package(3f).Save(Target);
        Assert.Equal(3f, FirstWeight(ModelPackage.Load(Target)));
        Assert.Equal(["model"], Siblings());
    }

    [Fact]
    public void A_crash_between_setting_the_old_model_aside_and_moving_the_new_one_in_is_repaired_on_load()
    {
        Package(1f).Save(Target);
        // Replace's first rename done, its second not: the target is missing, the old model aside, the new one staged.
        var aside = Path.Combine(Path.GetDirectoryName(Target)!, $".model.{Guid.NewGuid():N}.old");
        Directory.Move(Target, aside);
        var staging = FolderSwap.StagingFor(Target);
        Package(2f).Save(staging);

        Assert.Equal(1f, FirstWeight(ModelPackage.Load(Target)));
        Assert.False(Directory.Exists(aside));
    }

    [Fact]
    public void A_crash_after_the_new_model_is_in_place_leaves_the_new_model_and_the_next_save_clears_the_old_copy()
    {
        Package(1f).Save(Target);
        var aside = Path.Combine(Path.GetDirectoryName(Target)!, $".model.{Guid.NewGuid():N}.old");
        Directory.Move(Target, aside);
        Package(2f).Save(_temp.Combine("elsewhere"));
        Directory.Move(_temp.Combine("elsewhere"), Target);

        Assert.Equal(2f, FirstWeight(ModelPackage.Load(Target)));
        Package(4f).Save(Target);
        Assert.Equal(["model"], Siblings());
    }

    [Fact]
    public void A_save_that_fails_removes_its_staging_folder_and_reports_the_failure()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Target)!);
        File.WriteAllText(Target, "a file where the model folder should go");

        Assert.ThrowsAny<IOException>(() => Package(1f).Save(Target));
        Assert.Equal(["model"], Siblings());
        Assert.True(File.Exists(Target));
    }

    [Fact]
    public void Damaged_files_in_a_model_folder_are_refused_rather_than_loaded()
    {
        Package(1f).Save(Target);
        var weights = Path.Combine(Target, ModelPackage.WeightsFile);
        File.WriteAllBytes(weights, File.ReadAllBytes(weights)[..^4]);
        Assert.Contains("damaged", Assert.Throws<ModelLoadException>(() => ModelPackage.Load(Target)).Message);

        Package(1f).Save(Target);
        var metadata = Path.Combine(Target, ModelPackage.MetadataFile);
        File.WriteAllText(metadata, File.ReadAllText(metadata)[..100]);
        Assert.Contains("not valid model metadata", Assert.Throws<ModelLoadException>(() => ModelPackage.Load(Target)).Message);
    }

    /// <summary>
    /// The studio serves a fine-tuning run's frozen model while the run will replace it. A reader that finds the folder
    /// missing between the writer's two renames moves the copy set aside back, as after a crash; the writer must set it
    /// aside again rather than fail, and readers must only ever load a whole model, old or new.
    /// </summary>
    [Fact]
    public async Task Saving_over_a_model_that_readers_load_in_a_loop_never_fails_and_readers_load_whole_models()
    {
        Package(1f).Save(Target);
        using var stop = new CancellationTokenSource();
        int loads = 0;
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    float weight = FirstWeight(ModelPackage.Load(Target));
                    Assert.True(weight is >= 1f and <= 200f, $"loaded weight {weight}");
                    Interlocked.Increment(ref loads);
                }
                catch (Exception e) when (e is ModelLoadException or IOException)
                {
                    // Caught between the renames, or a file renamed away while read: the next try finds a whole folder.
                }
            }
        })).ToArray();

        while (Volatile.Read(ref loads) == 0) await Task.Delay(1); // both readers are at work before the writes start
        for (int i = 2; i <= 200; i++) Package(i).Save(Target);
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.Equal(200f, FirstWeight(ModelPackage.Load(Target)));
        Assert.Equal(["model"], Siblings());
    }
}
