using SkinCancer.Studio.FineTuning.Training;

namespace SkinCancer.Studio.FineTuning.Tests;

/// <summary>Fine-tuning's learning-rate factor: a linear warm-up over the first epoch, then the full rate.</summary>
public sealed class LearningRateScheduleTests
{
    [Fact]
    public void The_rate_warms_up_over_the_first_epoch_then_holds()
    {
        const int perEpoch = 10;
        var factors = Enumerable.Range(1, 4 * perEpoch).Select(step => StageFineTuner.RateFactor(step, perEpoch)).ToArray();

        Assert.Equal(0.1, factors[0], 12);
        Assert.All(factors.Take(perEpoch).Zip(factors.Skip(1).Take(perEpoch - 1)), p => Assert.True(p.Second > p.First));
        Assert.All(factors.Skip(perEpoch - 1), f => Assert.Equal(1.0, f, 12));
    }
}
