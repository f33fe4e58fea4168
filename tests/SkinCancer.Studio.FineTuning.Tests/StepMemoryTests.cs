using System.Diagnostics;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.FineTuning.Maps;
using SkinCancer.Studio.FineTuning.Memory;
using SkinCancer.Studio.FineTuning.Network;
using SkinCancer.Studio.FineTuning.Training;
using Xunit.Abstractions;

namespace SkinCancer.Studio.FineTuning.Tests;

/// <summary>
/// Training steps must not grow the process: before <see cref="LargeBufferReturn"/>, glibc kept libtorch's freed step
/// buffers in a fragmenting heap and these 24 steps grew the RSS by ~450 MB (a full skin run: ~40 MB per step, to 4.8 GB).
/// </summary>
[Collection(MeasuredAlone.Name)]
public sealed class StepMemoryTests(FineTuningFixture data, ITestOutputHelper output) : IClassFixture<FineTuningFixture>
{
    [Fact]
    public void Resident_memory_stays_flat_over_training_steps()
    {
        const int images = 320, trainImages = 256;
        var maps = new StageMaps(images, 1);
        var random = new Random(1);
        var map = new float[StageMaps.Length];
        var labels = new int[images];
        for (int i = 0; i < images; i++)
        {
            for (int k = 0; k < map.Length; k++) map[k] = random.NextSingle() * 2;
            maps.Set(i, 0, map);
            labels[i] = i % 2;
        }
        var options = data.Options with { FineTuneEpochs = 3, FineTunePatience = 100, FineTuneBatchSize = 32 };
        var residentMb = new List<long>();

        using var outcome = new StageFineTuner(options).Run(StageNetwork.Stage4(BackboneInputs.ShippedModel), data.Frozen.Head, data.Layout, maps,
            labels, Enumerable.Range(0, trainImages).ToArray(), Enumerable.Range(trainImages, images - trainImages).ToArray(), 1, p =>
            {
                if (p is FineTuningProgress) residentMb.Add(ResidentMb());
            }, CancellationToken.None);

        output.WriteLine(string.Join(" ", residentMb));
        Assert.True(LargeBufferReturn.Apply(), "glibc's mallopt should be found on Linux");
        Assert.Equal(24, residentMb.Count);
        // After the first epoch every buffer size has been seen once; what the next 16 steps add is growth.
        long growth = residentMb.Skip(8).Max() - residentMb[7];
        Assert.True(growth < 200, $"resident memory grew {growth} MB over 16 training steps: {string.Join(" ", residentMb)}");
    }

    private static long ResidentMb()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64 >> 20;
    }
}
