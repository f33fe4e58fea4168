using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.Tests;

/// <summary>
/// An ensemble of heads is written as one wider head whose logits are the members' mean, so that every path that reads a
/// head (saving, explanations, ONNX and TF.js exports) serves it unchanged.
/// </summary>
public sealed class HeadEnsembleTests
{
    [Theory]
    [InlineData(6)]
    [InlineData(0)]
    public void The_merged_head_predicts_the_softmax_of_the_members_mean_logits(int hidden)
    {
        var random = new Random(11);
        var members = Enumerable.Range(0, 3).Select(_ =>
        {
            var head = new MlpHead(5, hidden, 3);
            for (int k = 0; k < 5; k++) (head.Mean[k], head.InverseStd[k]) = (0.1f * k, 1f + 0.2f * k);
            foreach (var layer in head.Layers)
            {
                layer.Initialise(random, relu: layer == head.Hidden);
                for (int i = 0; i < layer.Bias.Length; i++) layer.Bias[i] = (float)(random.NextDouble() - 0.5);
            }
            return head;
        }).ToArray();

        var merged = HeadEnsemble.Merge(members);

        Assert.Equal(hidden * 3, merged.HiddenUnits);
        for (int trial = 0; trial < 20; trial++)
        {
            var x = Enumerable.Range(0, 5).Select(_ => (float)(random.NextDouble() * 6 - 3)).ToArray();
            var meanLogits = new float[3];
            foreach (var member in members)
            {
                var logits = Logits(member, x);
                for (int c = 0; c < 3; c++) meanLogits[c] += logits[c] / 3;
            }
            var expected = new float[3];
            StableSoftmax.Compute(meanLogits, expected);
            var actual = new float[3];
            merged.Predict(x, actual);
            for (int c = 0; c < 3; c++) Assert.True(Math.Abs(expected[c] - actual[c]) < 1e-6, $"class {c}: {actual[c]} vs {expected[c]}");
        }
    }

    [Fact]
    public void Members_that_do_not_share_their_standardisation_are_refused()
    {
        var a = new MlpHead(4, 2, 2);
        var b = new MlpHead(4, 2, 2);
        b.Mean[0] = 1;
        Assert.Throws<ArgumentException>(() => HeadEnsemble.Merge([a, b]));
        Assert.Throws<ArgumentException>(() => HeadEnsemble.Merge([a, new MlpHead(4, 3, 2)]));
    }

    [Fact]
    public void An_ensemble_of_one_is_the_single_head_and_a_larger_one_is_a_wider_head_validated_as_it_predicts()
    {
        var samples = HeadTrainingTests.Blobs(50, 3, seed: 5, spread: 5);
        var single = new TrainingOptions { Epochs = 15, Patience = 15, HiddenUnits = 8, EnsembleSize = 1 };
        var first = new HeadTrainer(single).Train(samples, 3);
        var again = new HeadTrainer(single).Train(samples, 3);
        Assert.Equal(8, first.Head.HiddenUnits);
        Assert.Equal(first.Head.ParameterArrays().SelectMany(a => a), again.Head.ParameterArrays().SelectMany(a => a));

        var ensemble = new HeadTrainer(single with { EnsembleSize = 4 }).Train(samples, 3);

        // One split for all members, so the merged head's validation figures are on images none of them trained on.
        Assert.Equal(first.ValidationIndices, ensemble.ValidationIndices);
        Assert.Equal(32, ensemble.Head.HiddenUnits);
        var (loss, accuracy) = HeadTrainer.Evaluate(ensemble.Head, samples, ensemble.ValidationIndices);
        Assert.Equal(ensemble.Best!.ValidationLoss!.Value, loss, 6);
        Assert.Equal(ensemble.Best.ValidationAccuracy!.Value, accuracy, 6);
        // Overlapping noisy classes: averaging four heads validates better than the first of them alone.
        Assert.True(loss < first.Best!.ValidationLoss!.Value, $"ensemble {loss:F4} vs single {first.Best.ValidationLoss:F4}");
    }

    [Fact]
    public void The_ensemble_size_is_range_checked()
    {
        Assert.Throws<ArgumentException>(() => new TrainingOptions { EnsembleSize = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new TrainingOptions { EnsembleSize = 17 }.Validate());
    }

    private static float[] Logits(MlpHead head, float[] x)
    {
        var standardised = new float[x.Length];
        head.Standardise(x, standardised);
        var logits = new float[head.ClassCount];
        head.Forward(standardised, 1, logits, hiddenActivations: null);
        return logits;
    }
}
