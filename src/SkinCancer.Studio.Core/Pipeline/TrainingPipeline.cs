using System.Diagnostics;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Datasets;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Imaging;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.Pipeline;

/// <summary>
/// Images in (a folder the CLI scans, or a project's catalogue), model package out: list → featurize (cached) → train the
/// head → fine-tune when asked → save. Shared by the CLI and the studio.
/// </summary>
/// <param name="fineTuning">The fine-tuning phase, in front ends that carry it; without it a run that asks for fine-tuning says it was not available.</param>
public sealed class TrainingPipeline(ResNet18Backbone backbone, FeatureCache cache, StudioLimits limits, IFineTuningPhase? fineTuning = null)
{
    /// <summary>
    /// Whether a run that fine-tunes saves its frozen model before the phase starts (<see cref="FrozenModelSaved"/>), so
    /// the model folder holds a usable model within the first minute, while fine-tuning goes on, and keeps it when the
    /// run is stopped. The CLI and the studio set it; off, a run's model folder is written once, at the end.
    /// </summary>
    public bool SaveFrozenModelFirst { get; init; }

    public Task<PreparedDataset> PrepareAsync(
        DatasetSource images,
        IReadOnlyList<int> views,
        FeatureLayout layout,
        Action<RunProgress>? onProgress = null,
        CancellationToken cancellationToken = default) =>
        PrepareAsync(images, _ => views, layout, onProgress, cancellationToken);

    /// <param name="viewsFor">The views to featurize, decided once the list of images is known.</param>
    /// <param name="stageMapsFor">Where to keep the stage-3 maps computed on the way, decided with the views (a run that will fine-tune), or null.</param>
    public async Task<PreparedDataset> PrepareAsync(
        DatasetSource images,
        Func<DatasetReport, IReadOnlyList<int>> viewsFor,
        FeatureLayout layout,
        Action<RunProgress>? onProgress = null,
        CancellationToken cancellationToken = default,
        Func<DatasetReport, CapturedStageMaps?>? stageMapsFor = null)
    {
        var report = await Task.Run(() => images.Load(limits, cancellationToken), cancellationToken);
        report.EnsureTrainable();
        var views = viewsFor(report);
        var stageMaps = stageMapsFor?.Invoke(report);
        var progress = onProgress is null ? null : new SynchronousProgress<FeaturizationProgress>(onProgress);
        var features = await new FeatureExtractor(backbone, cache) { StageMaps = stageMaps }
            .ExtractAsync(report.Images.Select(i => new FeatureRequest(i.Path, i.Hash)).ToArray(),
                views.Append(ImageViews.Fingerprint).Distinct().ToArray(), progress, cancellationToken);
        report = report.WithoutFailed(features.FailedPaths);
        report.EnsureTrainable();

        var labelIndex = report.Labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i);
        var fingerprints = report.Images.Select(i => features.Vectors[(i.Hash, ImageViews.Fingerprint)]).ToArray();
        var pairs = NearDuplicateFinder.IndexPairs(fingerprints);
        var groups = NearDuplicateFinder.Groups(report.Images.Count, pairs);
        var groupSizes = groups.CountBy(g => g).ToDictionary();
        var samples = report.Images
            .Select((image, i) => new TrainingSample(labelIndex[image.Label], views.Select(v => layout.Select(features.Vectors[(image.Hash, v)])).ToArray())
            {
                Group = groupSizes[groups[i]] > 1 ? groups[i] : null,
            })
            .ToArray();
        var nearDuplicates = pairs.Select(p => new NearDuplicate(report.Images[p.A].Path, report.Images[p.B].Path, p.Correlation)).ToArray();
        return new PreparedDataset(report, samples, features) { Fingerprints = fingerprints, NearDuplicates = nearDuplicates, StageMaps = stageMaps };
    }

    /// <summary>
    /// Whether fine-tuning will run, as far as is known before featurizing (by <see cref="FineTuningStep.WhyNot"/>, the
    /// rule the step applies): then featurization keeps the stage-3 maps it computes. Auto over its budget keeps none:
    /// they would be 100 KB per image.
    /// </summary>
    private bool WillFineTune(TrainingOptions options, int imageCount) =>
        FineTuningStep.WhyNot(fineTuning, options, imageCount, options.ValidationSplit > 0, out _) is null;

    public async Task<TrainingRun> TrainAsync(
        DatasetSource images,
        TrainingOptions options,
        string modelDirectory,
        Action<RunProgress>? onProgress = null,
        CancellationToken cancellationToken = default)
    {
        options.Validate();
        var layout = FeatureLayout.Parse(options.FeatureBlocks);
        var clock = Stopwatch.StartNew();
        IReadOnlyList<int> trainViews = ImageViews.IdentityOnly, testViews = ImageViews.IdentityOnly;
        var prepared = await PrepareAsync(images, report =>
        {
            (bool augment, bool tta) = options.ResolveAugmentation(report.Images.Count);
            options = options with { Augment = augment, TestTimeAugmentation = tta };
            trainViews = augment ? ImageViews.Dihedral : ImageViews.IdentityOnly;
            testViews = tta ? ImageViews.Dihedral : ImageViews.IdentityOnly;
            return trainViews.Union(testViews).Order().ToArray();
        }, layout, onProgress, cancellationToken, report => WillFineTune(options, report.Images.Count) ? new CapturedStageMaps([.. Enumerable.Range(0, options.FineTuneViews)]) : null);
        var samples = prepared.Samples
            .Select(s => new TrainingSample(s.Label, trainViews.Select(v => s.Views[v]).ToArray()) { TestViews = testViews.Select(v => s.Views[v]).ToArray(), Group = s.Group })
            .ToArray();
        var featurizationTime = clock.Elapsed;

        clock.Restart();
        var result = await Task.Run(
            () => new HeadTrainer(options).Train(samples, prepared.Labels.Count, m => onProgress?.Invoke(m), cancellationToken),
            cancellationToken);
        var trainingTime = clock.Elapsed;

        ModelPackage Package(FineTuningOutput tuned)
        {
            var kept = tuned.Info.Kept ? tuned : null;
            var head = kept?.Head ?? result.Head;
            var best = result.Best;
            var metadata = new ModelMetadata
            {
                StudioVersion = ModelPackage.StudioVersion,
                CreatedUtc = DateTimeOffset.UtcNow,
                Labels = prepared.Labels,
                Backbone = new BackboneInfo(ResNet18Backbone.Id, layout.ToString(), layout.Length),
                Preprocessing = PreprocessingDescription.Current,
                Head = ModelPackage.DescribeHead(head),
                Hyperparameters = options,
                Validation = new ValidationInfo(best?.ValidationAccuracy, best?.ValidationLoss, result.BestEpoch, result.History.Count,
                    result.TrainIndices.Length, result.ValidationIndices.Length,
                    prepared.Report.Counts.Select(c => new ClassCountInfo(c.Label, c.Count)).ToArray()),
                TestTimeViews = kept?.ValidationViews ?? testViews,
                Threshold = ThresholdSelection.Choose(result with { Head = head }, kept?.Samples ?? samples, prepared.Labels, options),
                FineTuning = tuned.Info,
            };
            return new ModelPackage(metadata, head) { TrainingFingerprints = prepared.Fingerprints, FineTunedBackbone = kept?.Backbone };
        }

        // The fast model first: when fine-tuning runs, the frozen model is saved before it starts, complete and usable at
        // once, and replaced (atomically, FolderSwap) only at the end, by the fine-tuned network when it validates better.
        void SaveFrozenFirst(FineTuningInfo pending)
        {
            Package(new FineTuningOutput(pending)).Save(modelDirectory);
            onProgress?.Invoke(new FrozenModelSaved(Path.GetFullPath(modelDirectory), result.Best?.ValidationAccuracy) { BestEpoch = result.BestEpoch });
        }

        var tuned = await Task.Run(() => FineTuningStep.Run(fineTuning, new FineTuningInput(prepared, result, options, layout),
            featurizationTime, trainingTime, onProgress, cancellationToken, SaveFrozenModelFirst ? SaveFrozenFirst : null), cancellationToken);
        prepared.StageMaps?.Clear(); // fine-tuning is over: nothing may hold 100 KB per image while the model is saved
        var package = Package(tuned);
        package.Save(modelDirectory);

        var nearDuplicates = prepared.NearDuplicates;
        var validationPaths = result.ValidationIndices.Select(i => prepared.Report.Images[i].Path).ToHashSet();
        int acrossSplit = nearDuplicates.Count(p => validationPaths.Contains(p.PathA) != validationPaths.Contains(p.PathB));
        return new TrainingRun(prepared.Report, result, package, Path.GetFullPath(modelDirectory), featurizationTime, trainingTime,
            prepared.Features.FromCache, prepared.Features.Computed, nearDuplicates, acrossSplit);
    }
}
