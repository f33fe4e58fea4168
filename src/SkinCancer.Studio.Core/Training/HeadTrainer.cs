using System.Diagnostics;
using System.Numerics.Tensors;

namespace SkinCancer.Studio.Core.Training;

/// <summary>
/// Trains an <see cref="MlpHead"/> with AdamW on mini-batches: class-weighted, label-smoothed cross-entropy, a stratified
/// validation split, early stopping that restores the best epoch, and cooperative cancellation at every batch.
/// With <see cref="TrainingOptions.EnsembleSize"/> N above 1, N heads train epoch by epoch side by side, each holding
/// out its own 1/N of the images (an out-of-fold ensemble), and the result is their merged head (<see cref="HeadEnsemble"/>).
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
        var (splits, outOfFold) = MemberSplits(labels, TrainingSample.GroupsOf(samples));

        // Members share the standardisation (a merged head has one) and differ in their initial weights, shuffling and
        // dropout, and out of fold in the images they train on. Member 0 is seeded as a single head always was: an
        // ensemble of one is the single head, bit for bit.
        var members = splits.Select((split, m) =>
        {
            var random = new Random(MemberSeed(options.Seed, m));
            var head = new MlpHead(inputLength, options.HiddenUnits, classCount);
            var items = split.Train.SelectMany(i => Enumerable.Range(0, samples[i].Views.Count).Select(v => (Image: i, View: v))).ToArray();
            return new Member(head, random, new BatchStep(head, options.BatchSize, options.LabelSmoothing), new AdamW(), split.Validation, items,
                ClassWeights(labels, split.Train, classCount, options.BalanceClasses));
        }).ToArray();
        // Out of fold, every image trains some member, so all of them set the scale (it uses no labels).
        FitStandardisation(members[0].Head, samples, outOfFold ? [.. Enumerable.Range(0, samples.Count)] : splits[0].Train);
        foreach (var member in members)
        {
            member.Head.CopyStandardisationFrom(members[0].Head);
            foreach (var layer in member.Head.Layers) layer.Initialise(member.Random, relu: layer == member.Head.Hidden);
        }

        var validationIndices = outOfFold ? [.. Enumerable.Range(0, samples.Count)] : splits[0].Validation;
        var stopping = new EarlyStopping(options.Patience);
        var best = members.Select(m => m.Head.Clone()).ToArray();
        MlpHead Current() => members.Length == 1 ? members[0].Head : HeadEnsemble.Merge(members.Select(m => m.Head).ToArray());
        var history = new List<EpochMetrics>();
        var clock = Stopwatch.StartNew();
        var reason = StopReason.Completed;

        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            // Members are independent (own weights, shuffling, dropout and optimiser), so an ensemble trains them side by
            // side, one per core: a head's batch is too small to keep two cores busy by itself. Each member's figures are
            // added in member order afterwards, so the result does not depend on thread timing. At most one member per
            // core: each holds its thread for the whole epoch, and an unbounded loop would take every thread the pool
            // adds, starving the web app's requests and timers (a cancellation among them) while the heads train.
            var totals = new BatchStep.Result[members.Length];
            var items = members.Sum(m => (double)m.TrainItems.Length);
            if (members.Length == 1) totals[0] = TrainEpoch(members[0], samples, labels, inputLength, cancellationToken);
            else Parallel.For(0, members.Length, MembersSideBySide, m => totals[m] = TrainEpoch(members[m], samples, labels, inputLength, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            double lossSum = 0, weightSum = 0, correct = 0;
            foreach (var total in totals)
            {
                lossSum += total.WeightedLoss;
                weightSum += total.WeightSum;
                correct += total.Correct;
            }

            // Out of fold, each image is validated by the member that did not train on it; on a shared split, by the
            // ensemble as it predicts (the merged head). Early stopping and the kept epoch concern that figure, for all
            // members at once; the training figures are the members' mean.
            double? validationLoss = null, validationAccuracy = null;
            if (validationIndices.Length > 0)
            {
                (validationLoss, validationAccuracy) = outOfFold ? EvaluateOutOfFold(members, samples) : Evaluate(Current(), samples, validationIndices);
            }
            var metrics = new EpochMetrics(epoch, lossSum / weightSum, correct / items, validationLoss, validationAccuracy, options.LearningRate, clock.Elapsed);
            history.Add(metrics);
            onEpoch?.Invoke(metrics);

            if (validationLoss is { } loss)
            {
                if (stopping.Observe(epoch, loss))
                {
                    for (int m = 0; m < members.Length; m++) best[m].CopyFrom(members[m].Head);
                }
                if (stopping.ShouldStop)
                {
                    reason = StopReason.EarlyStopped;
                    break;
                }
            }
        }

        bool validated = validationIndices.Length > 0;
        var kept = validated ? best : members.Select(m => m.Head).ToArray();
        var trainIndices = splits.SelectMany(s => s.Train).Distinct().Order().ToArray();
        return new TrainingResult(kept.Length == 1 ? kept[0].Clone() : HeadEnsemble.Merge(kept), history, validated ? stopping.BestEpoch : history.Count, reason, trainIndices, validationIndices)
        {
            HeldOutBy = outOfFold ? HeldOutBy(members, kept) : null,
            Members = members.Length,
        };
    }

    private static readonly ParallelOptions MembersSideBySide = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    /// <summary>One epoch of one member's mini-batches; stops between batches (with partial totals) once cancelled.</summary>
    private BatchStep.Result TrainEpoch(Member member, IReadOnlyList<TrainingSample> samples, int[] labels, int inputLength,
        CancellationToken cancellationToken)
    {
        var (head, random, step, optimiser, _, trainItems, classWeights) = member;
        random.Shuffle(trainItems);
        double lossSum = 0, weightSum = 0;
        int correct = 0;
        for (int start = 0; start < trainItems.Length; start += options.BatchSize)
        {
            if (cancellationToken.IsCancellationRequested) break;
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
        return new BatchStep.Result(lossSum, weightSum, correct);
    }

    /// <summary>
    /// Each member's training and validation images. One head, or no validation: the stratified split (the same for
    /// every member). An ensemble: grouped stratified folds, one per member, which validates on its fold and trains on
    /// the rest, so that together the members train on every image and each image is validated honestly once. Falls
    /// back to the shared split when the images do not make two non-empty folds.
    /// </summary>
    private ((int[] Train, int[] Validation)[] Splits, bool OutOfFold) MemberSplits(int[] labels, int[]? groups)
    {
        if (options.EnsembleSize > 1 && options.ValidationSplit > 0)
        {
            var folds = StratifiedSplit.Folds(labels, options.EnsembleSize, options.Seed, groups).Where(f => f.Length > 0).ToArray();
            if (folds.Length > 1)
            {
                return (folds.Select(fold => (Enumerable.Range(0, labels.Length).Except(fold).ToArray(), fold)).ToArray(), true);
            }
        }
        var shared = StratifiedSplit.Split(labels, options.ValidationSplit, options.Seed, groups);
        return (Enumerable.Repeat(shared, options.EnsembleSize).ToArray(), false);
    }

    private static Dictionary<int, MlpHead> HeldOutBy(Member[] members, MlpHead[] kept)
    {
        var byImage = new Dictionary<int, MlpHead>();
        for (int m = 0; m < members.Length; m++)
        {
            foreach (var index in members[m].Validation) byImage[index] = kept[m];
        }
        return byImage;
    }

    /// <summary>Mean cross-entropy and accuracy over all images, each predicted by the member that held it out.</summary>
    private static (double Loss, double Accuracy) EvaluateOutOfFold(Member[] members, IReadOnlyList<TrainingSample> samples)
    {
        double loss = 0, correct = 0;
        int count = 0;
        foreach (var member in members)
        {
            var (memberLoss, memberAccuracy) = Evaluate(member.Head, samples, member.Validation);
            loss += memberLoss * member.Validation.Length;
            correct += memberAccuracy * member.Validation.Length;
            count += member.Validation.Length;
        }
        return (loss / count, correct / count);
    }

    /// <summary>Member 0 keeps the run's seed; the others are spread far from it (and from neighbouring runs' seeds).</summary>
    internal static int MemberSeed(int seed, int member) => member == 0 ? seed : unchecked(seed + 1_000_003 * member);

    private sealed record Member(MlpHead Head, Random Random, BatchStep Step, AdamW Optimiser, int[] Validation,
        (int Image, int View)[] TrainItems, float[] ClassWeights);

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
