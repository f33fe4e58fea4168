namespace SkinCancer.Studio.Core.Configuration;

/// <summary>
/// How the studio's background worker schedules training runs. Bound from "Studio:Training" beside the run defaults
/// (<see cref="Training.TrainingOptions"/>), but not a hyperparameter: it is never stored with a run and the CLI ignores it.
/// </summary>
public sealed record TrainingWorkerOptions
{
    public const string SectionName = "Studio:Training";

    /// <summary>
    /// Most runs trained at the same time; later runs wait as Queued until one ends. Default 1: featurization already
    /// uses every core (decoding in parallel, the backbone with one thread per core), so on a 2-core machine two runs
    /// only compete and each takes twice as long. Raise it on a machine with many more cores than that, where one
    /// run's featurization leaves some idle.
    /// </summary>
    public int MaxConcurrentRuns { get; init; } = 1;

    public void Validate()
    {
        if (MaxConcurrentRuns is < 1 or > 64)
        {
            throw new ArgumentException($"Studio:Training:MaxConcurrentRuns must be between 1 and 64 (was {MaxConcurrentRuns})");
        }
    }
}
