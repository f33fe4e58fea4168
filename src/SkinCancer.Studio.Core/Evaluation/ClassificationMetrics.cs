namespace SkinCancer.Studio.Core.Evaluation;

/// <summary>Accuracy, per-class precision/recall/F1 and ROC AUC from true and predicted class indices.</summary>
public static class ClassificationMetrics
{
    public static int[][] Confusion(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, int classCount)
    {
        var matrix = Enumerable.Range(0, classCount).Select(_ => new int[classCount]).ToArray();
        for (int i = 0; i < truth.Count; i++) matrix[truth[i]][predicted[i]]++;
        return matrix;
    }

    public static double Accuracy(int[][] confusion)
    {
        long total = confusion.Sum(r => (long)r.Sum());
        long correct = Enumerable.Range(0, confusion.Length).Sum(i => (long)confusion[i][i]);
        return total == 0 ? 0 : (double)correct / total;
    }

    /// <summary>Per-class metrics; a ratio with a zero denominator is reported as 0.</summary>
    public static ClassMetrics ForClass(int[][] confusion, int c)
    {
        int truePositives = confusion[c][c];
        int predictedPositives = confusion.Sum(r => r[c]);
        int support = confusion[c].Sum();
        double precision = predictedPositives == 0 ? 0 : (double)truePositives / predictedPositives;
        double recall = support == 0 ? 0 : (double)truePositives / support;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new ClassMetrics(precision, recall, f1, support);
    }

    /// <summary>
    /// Area under the ROC curve (Mann–Whitney U with ties counted as half): the probability that a random positive
    /// scores above a random negative. Null when either class is absent.
    /// </summary>
    public static double? RocAuc(IReadOnlyList<bool> positive, IReadOnlyList<double> score)
    {
        var order = Enumerable.Range(0, score.Count).OrderBy(i => score[i]).ToArray();
        var ranks = new double[score.Count];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && score[order[end + 1]] == score[order[start]]) end++;
            double rank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) ranks[order[k]] = rank;
            start = end + 1;
        }
        long positives = positive.Count(p => p), negatives = positive.Count - positives;
        if (positives == 0 || negatives == 0) return null;
        double rankSum = Enumerable.Range(0, positive.Count).Where(i => positive[i]).Sum(i => ranks[i]);
        return (rankSum - positives * (positives + 1) / 2.0) / (positives * (double)negatives);
    }

    /// <summary>ROC curve points (false positive rate, true positive rate), from the strictest threshold down.</summary>
    public static IReadOnlyList<(double Fpr, double Tpr, double Threshold)> RocCurve(IReadOnlyList<bool> positive, IReadOnlyList<double> score)
    {
        long positives = positive.Count(p => p), negatives = positive.Count - positives;
        var points = new List<(double, double, double)> { (0, 0, double.PositiveInfinity) };
        if (positives == 0 || negatives == 0) return points;
        long tp = 0, fp = 0;
        foreach (var group in Enumerable.Range(0, score.Count).GroupBy(i => score[i]).OrderByDescending(g => g.Key))
        {
            foreach (var i in group)
            {
                if (positive[i]) tp++;
                else fp++;
            }
            points.Add(((double)fp / negatives, (double)tp / positives, group.Key));
        }
        return points;
    }
}
