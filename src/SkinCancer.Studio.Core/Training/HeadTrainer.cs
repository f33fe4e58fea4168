using System.Diagnostics;
using System.Numerics.Tensors;

namespace SkinCancer.Studio.Core.Training;

/// <summary>
/// Trains an <see cref="MlpHead"/> with AdamW on mini-batches: class-weighted, label-smoothed cross-entropy, a stratified
/// validation split, early stopping that restores the best epoch, and cooperative cancellation at every batch.
/// With <see cref="TrainingOptions.EnsembleSize"/> above 1, that many heads train epoch by epoch side by side and the
/// result is their merged head (<see cref="HeadEnsemble"/>). Deterministic for a given seed and data.
/// </summary>
public sealed class HeadTrainer(TrainingOptions options)
{
    public TrainingResult Train(
        IReadOnlyList<TrainingSample> samples,
        int classCount,
        Action<EpochMetrics>? onEpoch = null,
        CancellationToken cancellationToken = default)
    {
        options.Validate();
        if (samples.Count == 0) throw new ArgumentException("no training samples");
        int inputLength = samples[0].Views[0].Length;
        var labels = samples.Select(s => s.Label).ToArray();
        var (trainIndices, validationIndices) = StratifiedSplit.Split(labels, options.ValidationSplit, options.Seed, TrainingSample.GroupsOf(samples));

        // Every member of an ensemble shares the split and the standardisation (so the merged head validates on images
        // none of them trained on) and differs in its initial weights, shuffling and dropout. Member 0 is seeded as a
        // single head always was: an ensemble of one is today's head, bit for bit.
        int memberCount = options.EnsembleSize;
        var members = Enumerable.Range(0, memberCount).Select(m =>
        {
            var random = new Random(MemberSeed(options.Seed, m));
            var head = new MlpHead(inputLength, options.HiddenUnits, classCount);
            return new Member(head, random, new BatchStep(head, options.BatchSize, options.LabelSmoothing), new AdamW());
        }).ToArray();
        FitStandardisation(members[0].Head, samples, trainIndices);
        foreach (var member in members)
        {
            member.Head.CopyStandardisationFrom(members[0].Head);
            foreach (var layer in member.Head.Layers) layer.Initialise(member.Random, relu: layer == member.Head.Hidden);
        }

        var classWeights = ClassWeights(labels, trainIndices, classCount, options.BalanceClasses);
        var trainItems = trainIndices.SelectMany(i => Enumerable.Range(0, samples[i].Views.Count).Select(v => (Image: i, View: v))).ToArray();
        var stopping = new EarlyStopping(options.Patience);
        MlpHead Current() => memberCount == 1 ? members[0].Head : HeadEnsemble.Merge(members.Select(m => m.Head).ToArray());
        var best = Current().Clone();
        var history = new List<EpochMetrics>();
        var clock = Stopwatch.StartNew();
        var reason = StopReason.Completed;

        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            double lossSum = 0, weightSum = 0, correct = 0;
            foreach (var member in members)
            {
                var (head, random, step, optimiser) = member;
                random.Shuffle(trainItems);
                for (int start = 0; start < trainItems.Length; start += options.BatchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int batch = Math.Min(options.BatchSize, trainItems.Length - start);
                    for (int b = 0; b < batch; b++)
                    {
                        var (image, view) = trainItems[start + b];
                        head.Standardise(samples[image].Views[view], step.Input.AsSpan(b * inputLength, inputLength));
                        step.Labels[b] = labels[image];
                        step.Weights[b] = classWeights[labels[image]];
                    }
                    var result = step.Run(batch, options.Dropout, random);
                    lossSum += result.WeightedLoss;
                    weightSum += result.WeightSum;
                    correct += result.Correct;

                    optimiser.BeginStep();
                    foreach (var layer in head.Layers)
                    {
                        optimiser.Update(layer.Weights, layer.WeightGradient, options.LearningRate, options.WeightDecay);
                        optimiser.Update(layer.Bias, layer.BiasGradient, options.LearningRate, 0);
                    }
                }
            }

            // Validation, early stopping and the kept weights concern the ensemble as it predicts (the merged head); the
            // training figures are the members' mean.
            var current = Current();
            double? validationLoss = null, validationAccuracy = null;
            if (validationIndices.Length > 0)
            {
                (validationLoss, validationAccuracy) = Evaluate(current, samples, validationIndices);
            }
            var metrics = new EpochMetrics(epoch, lossSum / weightSum, correct / ((double)trainItems.Length * memberCount),
                validationLoss, validationAccuracy, options.LearningRate, clock.Elapsed);
            history.Add(metrics);
            onEpoch?.Invoke(metrics);

            if (validationLoss is { } loss)
            {
                if (stopping.Observe(epoch, loss)) best.CopyFrom(current);
                if (stopping.ShouldStop)
                {
                    reason = StopReason.EarlyStopped;
                    break;
                }
            }
        }

        int bestEpoch = validationIndices.Length > 0 ? stopping.BestEpoch : history.Count;
        var final = validationIndices.Length > 0 ? best : Current();
        return new TrainingResult(final, history, bestEpoch, reason, trainIndices, validationIndices);
    }

    /// <summary>Member 0 keeps the run's seed; the others are spread far from it (and from neighbouring runs' seeds).</summary>
    internal static int MemberSeed(int seed, int member) => member == 0 ? seed : unchecked(seed + 1_000_003 * member);

    private sealed record Member(MlpHead Head, Random Random, BatchStep Step, AdamW Optimiser);

    /// <summary>Mean cross-entropy and accuracy, averaging each image's probabilities over its views.</summary>
    internal static (double Loss, double Accuracy) Evaluate(MlpHead head, IReadOnlyList<TrainingSample> samples, IReadOnlyList<int> indices)
    {
        var views = indices.SelectMany(i => samples[i].ViewsForTesting).ToArray();
        var all = new float[views.Length * head.ClassCount];
        head.PredictMany(views, all);
        double loss = 0;
        int correct = 0, row = 0;
        var probabilities = new float[head.ClassCount];
        foreach (var index in indices)
        {
            int count = samples[index].ViewsForTesting.Count;
            probabilities.AsSpan().Clear();
            for (int v = 0; v < count; v++, row++) TensorPrimitives.Add(probabilities, all.AsSpan(row * head.ClassCount, head.ClassCount), probabilities);
            TensorPrimitives.Divide(probabilities, count, probabilities);
            loss -= Math.Log(Math.Max(probabilities[samples[index].Label], 1e-12f));
            if (TensorPrimitives.IndexOfMax(probabilities) == samples[index].Label) correct++;
        }
        return (loss / indices.Count, (double)correct / indices.Count);
    }

    private static void FitStandardisation(MlpHead head, IReadOnlyList<TrainingSample> samples, int[] trainIndices)
    {
        int d = head.InputLength;
        var sum = new double[d];
        var sumSquares = new double[d];
        long n = 0;
        foreach (var i in trainIndices)
        {
            foreach (var v in samples[i].Views)
            {
                for (int k = 0; k < d; k++)
                {
                    sum[k] += v[k];
                    sumSquares[k] += (double)v[k] * v[k];
                }
                n++;
            }
        }
        for (int k = 0; k < d; k++)
        {
            double mean = sum[k] / n;
            double variance = Math.Max(sumSquares[k] / n - mean * mean, 0);
            head.Mean[k] = (float)mean;
            head.InverseStd[k] = (float)(1 / Math.Sqrt(variance + 1e-6));
        }
    }

    internal static float[] ClassWeights(int[] labels, int[] trainIndices, int classCount, bool balance)
    {
        var weights = new float[classCount];
        Array.Fill(weights, 1f);
        if (!balance) return weights;
        var counts = new int[classCount];
        foreach (var i in trainIndices) counts[labels[i]]++;
        for (int c = 0; c < classCount; c++)
        {
            weights[c] = counts[c] == 0 ? 0 : (float)trainIndices.Length / (classCount * counts[c]);
        }
        return weights;
    }
}
