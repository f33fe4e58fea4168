namespace SkinCancer.Studio.Core.Training;

/// <summary>Stops when validation loss has not improved by <paramref name="minDelta"/> for <paramref name="patience"/> epochs.</summary>
internal sealed class EarlyStopping(int patience, double minDelta = 1e-4)
{
    public double BestLoss { get; private set; } = double.PositiveInfinity;
    public int BestEpoch { get; private set; }
    private int _epochsWithoutImprovement;

    /// <summary>Returns true when this epoch is the best so far (the caller snapshots the weights).</summary>
    public bool Observe(int epoch, double validationLoss)
    {
        if (validationLoss < BestLoss - minDelta)
        {
            BestLoss = validationLoss;
            BestEpoch = epoch;
            _epochsWithoutImprovement = 0;
            return true;
        }
        _epochsWithoutImprovement++;
        return false;
    }

    public bool ShouldStop => _epochsWithoutImprovement >= patience;
}
