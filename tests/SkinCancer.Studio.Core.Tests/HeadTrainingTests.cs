using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.Tests;

public sealed class HeadTrainingTests
{
    [Theory]
    [InlineData(4, 0.0)]
    [InlineData(0, 0.0)]
    [InlineData(6, 0.1)]
    public void Analytic_gradients_match_finite_differences(int hidden, double labelSmoothing)
    {
        const int inputs = 5, classes = 3, batch = 4;
        var random = new Random(7);
        var head = new MlpHead(inputs, hidden, classes);
        foreach (var layer in head.Layers)
        {
            layer.Initialise(random, relu: layer == head.Hidden);
            for (int i = 0; i < layer.Bias.Length; i++) layer.Bias[i] = (float)(random.NextDouble() - 0.5);
        }
        var step = new BatchStep(head, batch, labelSmoothing);
        for (int i = 0; i < batch * inputs; i++) step.Input[i] = (float)(random.NextDouble() * 4 - 2);
        for (int b = 0; b < batch; b++)
        {
            step.Labels[b] = b % classes;
            step.Weights[b] = 0.5f + b;
        }

        step.Run(batch, dropout: 0, random: null);
        var analytic = head.Layers.Select(l => (W: l.WeightGradient.ToArray(), B: l.BiasGradient.ToArray())).ToArray();

        double Loss() => step.Run(batch, 0, null).MeanLoss;
        const float eps = 1e-3f;
        int layerIndex = 0;
        foreach (var layer in head.Layers)
        {
            foreach (var (parameters, gradient) in new[] { (layer.Weights, analytic[layerIndex].W), (layer.Bias, analytic[layerIndex].B) })
            {
                for (int i = 0; i < parameters.Length; i++)
                {
                    float original = parameters[i];
                    parameters[i] = original + eps;
                    double plus = Loss();
                    parameters[i] = original - eps;
                    double minus = Loss();
                    parameters[i] = original;
                    double numeric = (plus - minus) / (2 * eps);
                    Assert.True(Math.Abs(numeric - gradient[i]) <= 2e-3 + 2e-2 * Math.Abs(numeric),
                        $"layer {layerIndex} parameter {i}: analytic {gradient[i]}, numeric {numeric}");
                }
            }
            layerIndex++;
        }
    }

    /// <summary>Two Gaussian blobs per class in 20 dimensions: learnable but not trivially so.</summary>
    internal static List<TrainingSample> Blobs(int perClass, int classes, int seed, double spread = 1.5)
    {
        var random = new Random(seed);
        var centres = Enumerable.Range(0, classes).Select(_ => Enumerable.Range(0, 20).Select(_ => random.NextDouble() * 2 - 1).ToArray()).ToArray();
        var samples = new List<TrainingSample>();
        for (int c = 0; c < classes; c++)
        {
            for (int i = 0; i < perClass; i++)
            {
                var v = centres[c].Select(x => (float)(x + Gaussian(random) * spread / 4)).ToArray();
                samples.Add(new TrainingSample(c, [v]));
            }
        }
        return samples;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Fact]
    public void Training_loss_decreases_and_the_head_learns()
    {
        var samples = Blobs(60, 3, seed: 1);
        var options = new TrainingOptions { Epochs = 30, Patience = 30, HiddenUnits = 32, BatchSize = 16, LearningRate = 1e-3, Dropout = 0.2 };
        var result = new HeadTrainer(options).Train(samples, 3);

        Assert.Equal(30, result.History.Count);
        Assert.True(result.History[^1].TrainLoss < result.History[0].TrainLoss * 0.5,
            $"loss went from {result.History[0].TrainLoss} to {result.History[^1].TrainLoss}");
        Assert.True(result.Best!.ValidationAccuracy > 0.9, $"validation accuracy {result.Best.ValidationAccuracy}");
    }

    [Fact]
    public void The_same_seed_gives_the_same_model_and_another_seed_does_not()
    {
        var samples = Blobs(40, 2, seed: 2);
        var options = new TrainingOptions { Epochs = 8, HiddenUnits = 16 };
        float[] Weights(TrainingOptions o) => new HeadTrainer(o).Train(samples, 2).Head.ParameterArrays().SelectMany(a => a).ToArray();

        Assert.Equal(Weights(options), Weights(options));
        Assert.NotEqual(Weights(options), Weights(options with { Seed = 43 }));
    }

    [Fact]
    public void Early_stopping_restores_the_best_epoch()
    {
        // Noisy labels make a wide head overfit: validation loss rises after a few epochs.
        var samples = Blobs(40, 2, seed: 3, spread: 6);
        var options = new TrainingOptions { Epochs = 200, Patience = 5, HiddenUnits = 128, Dropout = 0, LearningRate = 0.01, EnsembleSize = 1 };
        var result = new HeadTrainer(options).Train(samples, 2);

        Assert.Equal(StopReason.EarlyStopped, result.StopReason);
        Assert.Equal(result.BestEpoch + 5, result.History.Count);
        var (loss, _) = HeadTrainer.Evaluate(result.Head, samples, result.ValidationIndices);
        Assert.Equal(result.Best!.ValidationLoss!.Value, loss, 6);
    }

    [Fact]
    public void Training_is_cancellable_at_a_batch()
    {
        var samples = Blobs(200, 2, seed: 4);
        using var cancel = new CancellationTokenSource();
        int epochs = 0;
        Assert.Throws<OperationCanceledException>(() => new HeadTrainer(new TrainingOptions { Epochs = 100 })
            .Train(samples, 2, _ => { if (++epochs == 2) cancel.Cancel(); }, cancel.Token));
        Assert.Equal(2, epochs);
    }

    [Fact]
    public void The_validation_split_is_stratified_and_disjoint()
    {
        var labels = Enumerable.Repeat(0, 50).Concat(Enumerable.Repeat(1, 10)).ToArray();
        var (train, validation) = StratifiedSplit.Split(labels, 0.2, seed: 5);
        Assert.Equal(10, validation.Count(i => labels[i] == 0));
        Assert.Equal(2, validation.Count(i => labels[i] == 1));
        Assert.Empty(train.Intersect(validation));
        Assert.Equal(60, train.Length + validation.Length);
    }

    [Fact]
    public void Out_of_range_options_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new TrainingOptions { LearningRate = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new TrainingOptions { Dropout = 1 }.Validate());
        Assert.Throws<ArgumentException>(() => new TrainingOptions { FeatureBlocks = "block9" }.Validate());
    }
}
