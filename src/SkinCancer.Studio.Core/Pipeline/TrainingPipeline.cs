using System.Diagnostics;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Datasets;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Imaging;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Training;
using SkinCancer.Studio.Core.Training.Options;

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
    private bool WillFineTune(TrainingOptions options, int imageCount, TimeSpan reserved) =>
        FineTuningStep.WhyNot(fineTuning, options, imageCount, options.ValidationSplit > 0, reserved, out _) is null;

    public async Task<TrainingRun> TrainAsync(
        DatasetSource images,
        TrainingOptions options,
        string modelDirectory,
        Action<RunProgress>? onProgress = null,
        CancellationToken cancellationToken = default)
    {
        options.Validate();
        int requestedHeads = options.EnsembleSize;
        string augmentMode = OnOffAuto.Name(options.Augment);
        var layout = FeatureLayout.Parse(options.FeatureBlocks);
        var clock = Stopwatch.StartNew();
        IReadOnlyList<int> trainViews = ImageViews.IdentityOnly, testViews = ImageViews.IdentityOnly;
        AugmentationPlan plan = null!;
        var prepared = await PrepareAsync(images, report =>
        {
            plan = AugmentationPlan.For(options, report.Images.Count);
            // The fast model of a plan that augments after it predicts from the image alone.
            options = options with
            {
                Augment = plan.FromStart,
                TestTimeAugmentation = !plan.AfterFastModel && plan.TestTimeAugmentation,
                // The fast model of a plan that augments after it is one head; the ensemble trains on the eight views.
                EnsembleSize = plan.AfterFastModel ? 1 : plan.HeadsFor(options, WillFineTune(options, report.Images.Count, plan.Reserved)),
            };
            trainViews = plan.FromStart ? ImageViews.Dihedral : ImageViews.IdentityOnly;
            testViews = options.TestTimeAugmentation == true ? ImageViews.Dihedral : ImageViews.IdentityOnly;
            return trainViews.Union(testViews).Order().ToArray();
        }, layout, onProgress, cancellationToken,
            report => WillFineTune(options, report.Images.Count, plan.Reserved) ? new CapturedStageMaps([.. Enumerable.Range(0, options.FineTuneViews)]) : null);
        var samples = Select(prepared.Samples, trainViews, testViews);
        var featurizationTime = clock.Elapsed;

        clock.Restart();
        var result = await Task.Run(
            () => new HeadTrainer(options).Train(samples, prepared.Labels.Count, m => onProgress?.Invoke(m), cancellationToken),
            cancellationToken);
        var trainingTime = clock.Elapsed;
        options = options with { EnsembleSize = result.Members }; // as trained: a tiny set may make fewer folds than asked
        var phases = new Dictionary<string, double> { ["featurize"] = featurizationTime.TotalSeconds, ["head"] = trainingTime.TotalSeconds };
        var augmentation = plan.Describe(augmentMode);

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
                    prepared.Report.Counts.Select(c => new ClassCountInfo(c.Label, c.Count)).ToArray(), result.HeldOutBy is not null),
                TestTimeViews = kept?.ValidationViews ?? testViews,
                Threshold = ThresholdSelection.Choose(result with { Head = head }, kept?.Samples ?? samples, prepared.Labels, options),
                FineTuning = tuned.Info,
                Augmentation = augmentation,
            };
            return new ModelPackage(metadata, head) { TrainingFingerprints = prepared.Fingerprints, FineTunedBackbone = kept?.Backbone };
        }

        // The fast model first: when more training follows (the augmented views, fine-tuning), the frozen model is saved
        // before it starts, complete and usable at once, and replaced (atomically, FolderSwap) only by a better one.
        void SaveFrozenFirst(FineTuningInfo pending)
        {
            Package(new FineTuningOutput(pending)).Save(modelDirectory);
            onProgress?.Invoke(new FrozenModelSaved(Path.GetFullPath(modelDirectory), result.Best?.ValidationAccuracy) { BestEpoch = result.BestEpoch });
        }

        if (plan.AfterFastModel)
        {
            if (SaveFrozenModelFirst)
            {
                SaveFrozenFirst(new FineTuningInfo
                {
                    Mode = OnOffAuto.Name(options.FineTune), Ran = false, Kept = false, PhaseSeconds = phases,
                    Reason = "the augmented views were still being computed when this fast model was saved",
                });
            }
            clock.Restart();
            var augmentedSamples = await AugmentedSamplesAsync(prepared, layout, onProgress, cancellationToken);
            var fast = result;
            // One chart: the augmented head's epochs are numbered on after the fast head's.
            EpochMetrics Renumbered(EpochMetrics m) => m with { Epoch = m.Epoch + fast.History.Count, Phase = AugmentedPhase };
            var augmentedOptions = options with
            {
                EnsembleSize = plan.HeadsFor(options with { EnsembleSize = requestedHeads }, WillFineTune(options, prepared.Report.Images.Count, plan.Reserved)),
            };
            var augmented = await Task.Run(() => new HeadTrainer(augmentedOptions).Train(augmentedSamples, prepared.Labels.Count,
                m => onProgress?.Invoke(Renumbered(m)), cancellationToken), cancellationToken);
            phases["augment"] = clock.Elapsed.TotalSeconds;
            // The same rule as fine-tuning's: a lower validation loss, and accuracy not lower (each head validated as it
            // predicts: the fast one on the image, the augmented one averaged over the eight views).
            bool keep = augmented.Best is { ValidationLoss: { } augmentedLoss } better && fast.Best is { ValidationLoss: { } fastLoss } before
                && augmentedLoss < fastLoss && better.ValidationAccuracy >= before.ValidationAccuracy;
            var history = fast.History.Concat(augmented.History.Select(Renumbered)).ToArray();
            augmentation = augmentation with
            {
                Kept = keep,
                Seconds = phases["augment"],
                FastValidationLoss = fast.Best?.ValidationLoss,
                FastValidationAccuracy = fast.Best?.ValidationAccuracy,
                AugmentedValidationLoss = augmented.Best?.ValidationLoss,
                AugmentedValidationAccuracy = augmented.Best?.ValidationAccuracy,
                Reason = plan.Reason + (keep
                    ? $"; kept the head trained on the eight views (validation loss {augmented.Best!.ValidationLoss:F4} < {fast.Best!.ValidationLoss:F4}, accuracy {augmented.Best.ValidationAccuracy:P1} ≥ {fast.Best.ValidationAccuracy:P1})"
                    : $"; kept the fast model's head: the one trained on the eight views did not validate better (loss {augmented.Best?.ValidationLoss:F4} against {fast.Best?.ValidationLoss:F4}, accuracy {augmented.Best?.ValidationAccuracy:P1} against {fast.Best?.ValidationAccuracy:P1})"),
            };
            if (keep)
            {
                result = augmented with { History = history, BestEpoch = augmented.BestEpoch + fast.History.Count };
                samples = augmentedSamples;
                testViews = ImageViews.Dihedral;
                options = options with { Augment = true, TestTimeAugmentation = true, EnsembleSize = augmented.Members };
                prepared = prepared with { Samples = augmentedSamples };
            }
            else
            {
                result = fast with { History = history };
            }
        }

        var tuned = await Task.Run(() => FineTuningStep.Run(fineTuning, new FineTuningInput(prepared, result, options, layout),
            phases, plan.Reserved, onProgress, cancellationToken, SaveFrozenModelFirst ? SaveFrozenFirst : null), cancellationToken);
        prepared.StageMaps?.Clear(); // fine-tuning is over: nothing may hold 100 KB per image while the model is saved
        var package = Package(tuned);
        package.Save(modelDirectory);

        var nearDuplicates = prepared.NearDuplicates;
        var validationPaths = result.ValidationIndices.Select(i => prepared.Report.Images[i].Path).ToHashSet();
        int acrossSplit = nearDuplicates.Count(p => validationPaths.Contains(p.PathA) != validationPaths.Contains(p.PathB));
        return new TrainingRun(prepared.Report, result, package, Path.GetFullPath(modelDirectory), featurizationTime, trainingTime,
            prepared.Features.FromCache, prepared.Features.Computed, nearDuplicates, acrossSplit);
    }

    /// <summary>The phase of the head's epochs on the eight views after the fast model, in the chart and the catalogue.</summary>
    public const string AugmentedPhase = "augmented";

    private static TrainingSample[] Select(IReadOnlyList<TrainingSample> samples, IReadOnlyList<int> trainViews, IReadOnlyList<int> testViews) =>
        samples.Select(s => new TrainingSample(s.Label, trainViews.Select(v => s.Views[v]).ToArray()) { TestViews = testViews.Select(v => s.Views[v]).ToArray(), Group = s.Group })
            .ToArray();

    /// <summary>
    /// After the fast model: the eight views of every usable image (the image itself comes from the cache), for training
    /// and test-time averaging. Keeps the stage-3 maps fine-tuning asked for (the mirror image's, on a cold cache).
    /// </summary>
    private async Task<TrainingSample[]> AugmentedSamplesAsync(PreparedDataset prepared, FeatureLayout layout, Action<RunProgress>? onProgress, CancellationToken cancellationToken)
    {
        var progress = onProgress is null ? null : new SynchronousProgress<FeaturizationProgress>(onProgress);
        var images = prepared.Report.Images;
        var features = await new FeatureExtractor(backbone, cache) { StageMaps = prepared.StageMaps }
            .ExtractAsync(images.Select(i => new FeatureRequest(i.Path, i.Hash)).ToArray(), ImageViews.Dihedral, progress, cancellationToken);
        if (features.FailedPaths.Count > 0)
        {
            // The same bytes decoded for the fast model: a failure now means the file changed underneath the run.
            var (path, reason) = features.FailedPaths.First();
            throw new InvalidDataException($"{path} could not be read again for its augmented views: {reason}");
        }
        return images
            .Select((image, i) => new TrainingSample(prepared.Samples[i].Label, ImageViews.Dihedral.Select(v => layout.Select(features.Vectors[(image.Hash, v)])).ToArray())
            {
                TestViews = null,
                Group = prepared.Samples[i].Group,
            })
            .ToArray();
    }
}
