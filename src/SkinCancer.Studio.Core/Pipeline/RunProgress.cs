namespace SkinCancer.Studio.Core.Pipeline;

/// <summary>Base of every progress record a run emits (featurization progress, epoch metrics), so one callback carries them all.</summary>
public abstract record RunProgress;
