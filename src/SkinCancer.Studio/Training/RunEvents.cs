using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Pipeline;

namespace SkinCancer.Studio.Web.Training;

/// <summary>What the training worker tells the pages about a run.</summary>
public abstract record RunEvent(string ProjectId, string RunId);

/// <summary>Featurization progress or an epoch's metrics, exactly as Core reported them.</summary>
public sealed record RunProgressed(string ProjectId, string RunId, RunProgress Progress) : RunEvent(ProjectId, RunId);

public sealed record RunStatusChanged(string ProjectId, string RunId, RunStatus Status, string? Message) : RunEvent(ProjectId, RunId);

/// <summary>
/// The run saved a usable model while it goes on (the frozen model, before fine-tuning): the pages offer it at once
/// (Try, Evaluate, downloads), and reload it when the run ends with the model it keeps.
/// </summary>
public sealed record RunModelSaved(string ProjectId, string RunId) : RunEvent(ProjectId, RunId);
