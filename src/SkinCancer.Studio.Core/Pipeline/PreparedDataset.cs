using SkinCancer.Studio.Core.Datasets;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.Pipeline;

/// <summary>A folder after import and featurization: the report (with decode failures moved to skipped) and one sample per usable image.</summary>
public sealed record PreparedDataset(DatasetReport Report, IReadOnlyList<TrainingSample> Samples, FeatureSet Features)
{
    /// <summary>Each usable image's fingerprint, in <see cref="DatasetReport.Images"/> order.</summary>
    public IReadOnlyList<float[]> Fingerprints { get; init; } = [];

    public IReadOnlyList<string> Labels => Report.Labels;

    /// <summary>Pairs of usable images that are near-duplicates; their samples share a <see cref="TrainingSample.Group"/>.</summary>
    public IReadOnlyList<NearDuplicate> NearDuplicates { get; init; } = [];

    /// <summary>Stage-3 maps kept from featurization for fine-tuning (by image hash and view); null when none were asked for.</summary>
    public CapturedStageMaps? StageMaps { get; init; }
}
