using SkinCancer.Studio.FineTuning.Training;

namespace SkinCancer.Studio.FineTuning.Tests;

/// <summary>Fine-tuning's learning-rate factor: a linear warm-up over the first epoch, then a half cosine down to zero.</summary>
public sealed class LearningRateScheduleTests
{
    [Fact]
    public void The_rate_warms_up_over_the_first_epoch_then_decays_to_zero_at_the_last_step()
    {
        const int perEpoch = 10, total = 40;
        var factors = Enumerable.Range(1, total).Select(step => StageFineTuner.RateFactor(step, perEpoch, total)).ToArray();

        Assert.Equal(0.1, factors[0], 12);
        Assert.Equal(1.0, factors[perEpoch - 1], 12);
        Assert.All(factors.Take(perEpoch).Zip(factors.Skip(1).Take(perEpoch - 1)), p => Assert.True(p.Second > p.First));
        Assert.All(factors.Skip(perEpoch - 1).Zip(factors.Skip(perEpoch)), p => Assert.True(p.Second < p.First));
        Assert.Equal(0.5, StageFineTuner.RateFactor(perEpoch + (total - perEpoch) / 2, perEpoch, total), 12);
        Assert.Equal(0.0, factors[^1], 12);
    }
}
