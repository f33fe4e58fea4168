using SkinCancer.Studio.FineTuning.Training;
using static TorchSharp.torch;

namespace SkinCancer.Studio.FineTuning.Tests;

/// <summary>The moving average of a network's weights that fine-tuning validates beside the weights themselves.</summary>
public sealed class WeightAverageTests
{
    [Fact]
    public void The_average_follows_the_weights_with_its_window_and_two_swaps_give_the_weights_back()
    {
        using var layer = nn.Linear(2, 1);
        Set(layer, 0f);
        using var average = new WeightAverage(layer, windowSteps: 4); // decay 0.75

        Set(layer, 1f);
        average.Update(); // 0.75·0 + 0.25·1
        average.Update(); // 0.75·0.25 + 0.25·1
        Assert.All(Weights(layer), w => Assert.Equal(1f, w, 6)); // updating the average leaves the weights alone
        Assert.Equal(0.4375f, AverageOf(average, layer), 6);

        average.Swap();
        Assert.All(Weights(layer), w => Assert.Equal(0.4375f, w, 6));
        average.Swap();
        Assert.All(Weights(layer), w => Assert.Equal(1f, w, 6));
    }

    private static float AverageOf(WeightAverage average, nn.Module layer)
    {
        average.Swap();
        float value = Weights(layer)[0];
        average.Swap();
        return value;
    }

    private static void Set(nn.Module layer, float value)
    {
        using var _ = no_grad();
        foreach (var p in layer.parameters()) p.fill_(value);
    }

    private static float[] Weights(nn.Module layer) => layer.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
}
