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
    public void An_ensemble_of_one_is_the_single_head_and_a_larger_one_is_a_wider_head_whose_members_each_hold_out_their_own_fold()
    {
        // Overlapping noisy classes, every other image kept aside as a test set (same class centres).
        var all = HeadTrainingTests.Blobs(100, 3, seed: 5, spread: 5);
        var samples = all.Where((_, i) => i % 2 == 0).Select((s, i) => s with { Group = i % 25 == 0 ? 1000 : null }).ToList();
        var test = all.Where((_, i) => i % 2 == 1).ToList();
        var single = new TrainingOptions { Epochs = 15, Patience = 15, HiddenUnits = 8, EnsembleSize = 1 };
        var first = new HeadTrainer(single).Train(samples, 3);
        var again = new HeadTrainer(single).Train(samples, 3);
        Assert.Equal(8, first.Head.HiddenUnits);
        Assert.Equal(first.Head.ParameterArrays().SelectMany(a => a), again.Head.ParameterArrays().SelectMany(a => a));
        Assert.Null(first.HeldOutBy);

        var ensemble = new HeadTrainer(single with { EnsembleSize = 4 }).Train(samples, 3);

        // Together the members train on every image and each image is validated once, by the member that held it out:
        // four disjoint stratified folds, near-duplicates (the group) inside one of them.
        Assert.Equal(32, ensemble.Head.HiddenUnits);
        Assert.Equal(Enumerable.Range(0, samples.Count), ensemble.TrainIndices);
        Assert.Equal(Enumerable.Range(0, samples.Count), ensemble.ValidationIndices);
        var folds = ensemble.ValidationIndices.GroupBy(i => ensemble.ValidatingHead(i)).Select(g => g.ToArray()).ToArray();
        Assert.Equal(4, folds.Length);
        Assert.All(folds, f => Assert.InRange(f.Length, 33, 43));
        Assert.All(folds, f => Assert.Equal(3, f.Select(i => samples[i].Label).Distinct().Count()));
        Assert.Single(folds, f => f.Any(i => samples[i].Group == 1000));
        Assert.Equal(samples.Count(s => s.Group == 1000), folds.Single(f => f.Any(i => samples[i].Group == 1000)).Count(i => samples[i].Group == 1000));
        Assert.DoesNotContain(folds.SelectMany(f => f), i => ReferenceEquals(ensemble.ValidatingHead(i), ensemble.Head));

        // The recorded validation figures are those out-of-fold predictions, not the merged head's (which saw them all).
        double loss = 0, correct = 0;
        foreach (var fold in folds)
        {
            var (foldLoss, foldAccuracy) = HeadTrainer.Evaluate(ensemble.ValidatingHead(fold[0]), samples, fold);
            (loss, correct) = (loss + foldLoss * fold.Length, correct + foldAccuracy * fold.Length);
        }
        Assert.Equal(ensemble.Best!.ValidationLoss!.Value, loss / samples.Count, 6);
        Assert.Equal(ensemble.Best.ValidationAccuracy!.Value, correct / samples.Count, 6);
        var (mergedLoss, _) = HeadTrainer.Evaluate(ensemble.Head, samples, ensemble.ValidationIndices);
        Assert.True(mergedLoss < ensemble.Best.ValidationLoss.Value, "the merged head trained on every image, so it fits them better than held out");

        // On images neither saw, the four heads predict better than one head on one split.
        var testIndices = Enumerable.Range(0, test.Count).ToArray();
        var (ensembleTest, _) = HeadTrainer.Evaluate(ensemble.Head, test, testIndices);
        var (singleTest, _) = HeadTrainer.Evaluate(first.Head, test, testIndices);
        Assert.True(ensembleTest < singleTest, $"ensemble {ensembleTest:F4} vs single {singleTest:F4} on the test images");
    }

    [Fact]
    public void Members_train_side_by_side_yet_the_same_seed_gives_the_same_ensemble_bit_for_bit()
    {
        // 20 inputs x 2,048 hidden units is over the size at which a layer also splits its own work across cores, so
        // both levels of parallelism run; neither may let thread timing into the weights or the recorded figures.
        var samples = HeadTrainingTests.Blobs(40, 3, seed: 21, spread: 5);
        var options = new TrainingOptions { Epochs = 6, Patience = 6, HiddenUnits = 2048, EnsembleSize = 5 };
        var runs = Enumerable.Range(0, 3).Select(_ => new HeadTrainer(options).Train(samples, 3)).ToArray();

        foreach (var again in runs.Skip(1))
        {
            Assert.Equal(runs[0].Head.ParameterArrays().SelectMany(a => a), again.Head.ParameterArrays().SelectMany(a => a));
            Assert.Equal(runs[0].History.Select(h => (h.TrainLoss, h.TrainAccuracy, h.ValidationLoss)), again.History.Select(h => (h.TrainLoss, h.TrainAccuracy, h.ValidationLoss)));
        }
        Assert.Equal(5 * 2048, runs[0].Head.HiddenUnits);
    }

    [Fact]
    public void Cancelling_while_the_members_train_side_by_side_ends_the_run_with_a_plain_cancellation()
    {
        // Cancelled from another thread, mid-epoch: each member stops at its next batch, and the caller sees the
        // OperationCanceledException the job queue expects, not an AggregateException from the parallel loop. The
        // canceller is a thread of its own, so the test does not wait on the thread pool, which the members share.
        var samples = HeadTrainingTests.Blobs(400, 2, seed: 22, spread: 5);
        var options = new TrainingOptions { Epochs = 1_000, Patience = 1_000, HiddenUnits = 512, BatchSize = 8, EnsembleSize = 4 };
        using var cancel = new CancellationTokenSource();
        using var firstEpochDone = new ManualResetEventSlim();
        var canceller = new Thread(() =>
        {
            firstEpochDone.Wait();
            Thread.Sleep(20);
            cancel.Cancel();
        }) { IsBackground = true };
        canceller.Start();
        int epochs = 0;
        Assert.Throws<OperationCanceledException>(() => new HeadTrainer(options).Train(samples, 2, _ =>
        {
            if (++epochs == 1) firstEpochDone.Set();
        }, cancel.Token));
        Assert.InRange(epochs, 1, 999);
    }

    [Fact]
    public void An_out_of_fold_ensemble_sets_its_decision_threshold_on_held_out_predictions()
    {
        var all = HeadTrainingTests.Blobs(60, 2, seed: 9, spread: 6);
        var options = new TrainingOptions { Epochs = 20, Patience = 20, HiddenUnits = 8, EnsembleSize = 5, TargetSensitivity = 0.95 };
        var ensemble = new HeadTrainer(options).Train(all, 2);

        var threshold = Pipeline.ThresholdSelection.Choose(ensemble, all, ["benign", "malignant"], options)!;

        // The sensitivity the threshold reaches is counted on each image's held-out member, as a test set would see it.
        var probabilities = new float[2];
        var positives = ensemble.ValidationIndices.Where(i => all[i].Label == 1).Select(i =>
        {
            HeadPrediction.PredictAveraged(ensemble.ValidatingHead(i), all[i].ViewsForTesting, probabilities);
            return probabilities[1];
        }).ToArray();
        Assert.Equal(positives.Count(p => p >= threshold.Value) / (double)positives.Length, threshold.ValidationSensitivity!.Value, 9);
        Assert.True(threshold.ValidationSensitivity >= 0.95 || threshold.Value == 0.5);
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
