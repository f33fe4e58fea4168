using System.Diagnostics;
using System.Numerics.Tensors;

namespace SkinCancer.Studio.Core.Training;

/// <summary>
/// Trains an <see cref="MlpHead"/> with AdamW on mini-batches: class-weighted, label-smoothed cross-entropy, a stratified
/// validation split, early stopping that restores the best epoch, and cooperative cancellation at every batch.
/// Deterministic for a given seed and data.
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

        var random = new Random(options.Seed);
        var head = new MlpHead(inputLength, options.HiddenUnits, classCount);
        FitStandardisation(head, samples, trainIndices);
        foreach (var layer in head.Layers) layer.Initialise(random, relu: layer == head.Hidden);

        var classWeights = ClassWeights(labels, trainIndices, classCount, options.BalanceClasses);
        var trainItems = trainIndices.SelectMany(i => Enumerable.Range(0, samples[i].Views.Count).Select(v => (Image: i, View: v))).ToArray();
        var step = new BatchStep(head, options.BatchSize, options.LabelSmoothing);
        var optimiser = new AdamW();
        var stopping = new EarlyStopping(options.Patience);
        var best = head.Clone();
        var history = new List<EpochMetrics>();
        var clock = Stopwatch.StartNew();
        var reason = StopReason.Completed;

        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            random.Shuffle(trainItems);
            double lossSum = 0, weightSum = 0, correct = 0;
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

            double? validationLoss = null, validationAccuracy = null;
            if (validationIndices.Length > 0)
            {
                (validationLoss, validationAccuracy) = Evaluate(head, samples, validationIndices);
            }
            var metrics = new EpochMetrics(epoch, lossSum / weightSum, correct / trainItems.Length,
                validationLoss, validationAccuracy, options.LearningRate, clock.Elapsed);
            history.Add(metrics);
            onEpoch?.Invoke(metrics);

            if (validationLoss is { } loss)
            {
                if (stopping.Observe(epoch, loss)) best.CopyFrom(head);
                if (stopping.ShouldStop)
                {
                    reason = StopReason.EarlyStopped;
                    break;
                }
            }
        }

        int bestEpoch = validationIndices.Length > 0 ? stopping.BestEpoch : history.Count;
        if (validationIndices.Length > 0) head.CopyFrom(best);
        return new TrainingResult(head, history, bestEpoch, reason, trainIndices, validationIndices);
    }

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
