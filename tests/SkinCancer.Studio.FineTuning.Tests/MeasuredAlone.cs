namespace SkinCancer.Studio.FineTuning.Tests;

/// <summary>
/// Tests that measure the process (resident memory) run in this collection: xunit runs it after every parallel
/// collection, alone, so another test's fixture or model cannot be counted as their growth. In CI a concurrent test
/// once added 220 MB in the middle of <see cref="StepMemoryTests"/> and failed it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAlone
{
    public const string Name = "Measured alone";
}
