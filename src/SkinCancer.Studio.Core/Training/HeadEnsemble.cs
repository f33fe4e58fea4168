namespace SkinCancer.Studio.Core.Training;

/// <summary>
/// Several heads trained side by side (<see cref="TrainingOptions.EnsembleSize"/>; out of fold: <see cref="HeadTrainer"/>) written as one <see cref="MlpHead"/>
/// whose logits are the mean of theirs: the hidden layers are stacked (N × hidden units) and the output layer reads all of
/// them with each member's weights divided by N. So a model of an ensemble is saved, explained, exported to ONNX and TF.js
/// and served exactly as a single head is, with no new format: it is a wider head. Averaging logits rather than
/// probabilities is what makes one head of it; the difference between the two is small next to what the ensemble gains
/// (docs/accuracy.md).
/// </summary>
public static class HeadEnsemble
{
    /// <summary>One head predicting the mean logits of <paramref name="members"/>, which share their standardisation.</summary>
    public static MlpHead Merge(IReadOnlyList<MlpHead> members)
    {
        if (members.Count == 0) throw new ArgumentException("no heads to merge");
        var first = members[0];
        if (members.Count == 1) return first.Clone();
        foreach (var member in members)
        {
            if (member.InputLength != first.InputLength || member.HiddenUnits != first.HiddenUnits || member.ClassCount != first.ClassCount)
            {
                throw new ArgumentException("ensemble members differ in shape");
            }
            if (!member.Mean.AsSpan().SequenceEqual(first.Mean) || !member.InverseStd.AsSpan().SequenceEqual(first.InverseStd))
            {
                throw new ArgumentException("ensemble members must share their standardisation");
            }
        }

        int n = members.Count, classes = first.ClassCount, hidden = first.HiddenUnits;
        float share = 1f / n;
        var merged = new MlpHead(first.InputLength, hidden * n, classes);
        first.Mean.CopyTo(merged.Mean, 0);
        first.InverseStd.CopyTo(merged.InverseStd, 0);
        if (hidden == 0)
        {
            // A linear head's mean logits are the logits of its mean weights.
            foreach (var member in members)
            {
                AddScaled(member.Output.Weights, share, merged.Output.Weights, 0);
                AddScaled(member.Output.Bias, share, merged.Output.Bias, 0);
            }
            return merged;
        }

        for (int m = 0; m < n; m++)
        {
            var member = members[m];
            member.Hidden!.Weights.CopyTo(merged.Hidden!.Weights, m * member.Hidden.Weights.Length);
            member.Hidden.Bias.CopyTo(merged.Hidden.Bias, m * hidden);
            for (int c = 0; c < classes; c++)
            {
                AddScaled(member.Output.Weights.AsSpan(c * hidden, hidden), share, merged.Output.Weights, c * hidden * n + m * hidden);
            }
            AddScaled(member.Output.Bias, share, merged.Output.Bias, 0);
        }
        return merged;
    }

    /// <summary>An ensemble's head in words, for the CLI and the run's page.</summary>
    public static string Describe(int members, int hiddenUnits, bool outOfFold)
    {
        var heads = hiddenUnits > 0 ? $"{members} heads of {hiddenUnits} hidden units" : $"{members} linear heads";
        var validated = outOfFold ? $", each validated on the 1/{members} of the images it did not train on" : "";
        var saved = hiddenUnits > 0 ? $"one head of {members * hiddenUnits} whose logits are their mean" : "their mean (one linear head)";
        return $"an ensemble of {heads}{validated}, saved as {saved}";
    }

    private static void AddScaled(ReadOnlySpan<float> source, float scale, float[] destination, int offset)
    {
        for (int i = 0; i < source.Length; i++) destination[offset + i] += source[i] * scale;
    }
}
