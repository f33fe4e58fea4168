using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Datasets;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.Evaluation;

/// <summary>Runs a saved model on images: predictions for files, and the full evaluation of labelled images.</summary>
public sealed class ModelRunner(ResNet18Backbone backbone, FeatureCache? cache, StudioLimits limits)
{
    public async Task<(IReadOnlyList<ImagePrediction> Predictions, IReadOnlyList<SkippedFile> Skipped)> PredictFilesAsync(
        ModelPackage model,
        IReadOnlyList<string> paths,
        CancellationToken cancellationToken = default)
    {
        var importer = new DatasetImporter(limits);
        var images = new List<DatasetImage>();
        var skipped = new List<SkippedFile>();
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (!File.Exists(full))
            {
                skipped.Add(new SkippedFile(path, "file not found"));
                continue;
            }
            var (image, reason) = importer.Examine(full, Path.GetFileName(full), label: "");
            if (image is null) skipped.Add(new SkippedFile(path, reason!));
            else images.Add(image with { Path = path });
        }
        var (predictions, failed, _) = await PredictAsync(model, images, null, cancellationToken);
        return (predictions, skipped.Concat(failed).ToArray());
    }

    /// <summary>
    /// Predicts one image held in memory (an upload to the API or the Try tab): checked as every image is, featurized
    /// from the bytes, never written to a file. <paramref name="name"/> only names it in the reason when it is refused.
    /// </summary>
    public async Task<(ImagePrediction? Prediction, string? Reason)> PredictAsync(ModelPackage model, byte[] bytes, string name,
        CancellationToken cancellationToken = default)
    {
        var (image, reason) = new DatasetImporter(limits).Examine(bytes, name, name, label: "");
        if (image is null) return (null, reason);
        var (predictions, failed, _) = await PredictAsync(model, [image], null, cancellationToken,
            new Dictionary<string, byte[]> { [image.Hash] = bytes });
        return predictions.Count > 0 ? (predictions[0], null) : (null, failed.FirstOrDefault()?.Reason ?? "the image could not be used");
    }

    /// <summary>
    /// Scores the model on labelled images: a folder scanned now (the CLI; a path converts to a <see cref="FolderDataset"/>)
    /// or a test set the catalogue lists (the studio), each image then read once, by the feature extractor.
    /// </summary>
    public async Task<EvaluationReport> EvaluateAsync(
        ModelPackage model,
        DatasetSource images,
        Action<RunProgress>? onProgress = null,
        CancellationToken cancellationToken = default)
    {
        var report = await Task.Run(() => images.Load(limits, cancellationToken), cancellationToken);
        var labels = model.Metadata.Labels;
        var known = report.Images.Where(i => labels.Contains(i.Label)).ToArray();
        var skipped = report.Skipped.ToList();
        skipped.AddRange(report.Images.Where(i => !labels.Contains(i.Label))
            .Select(i => new SkippedFile(i.Path, $"label '{i.Label}' is not one of the model's labels ({string.Join(", ", labels)})")));
        if (known.Length == 0)
        {
            throw new DatasetException($"no usable image in {report.Root} has one of the model's labels ({string.Join(", ", labels)})");
        }

        var (predictions, failed, fingerprints) = await PredictAsync(model, known, onProgress, cancellationToken);
        skipped.AddRange(failed);

        var labelIndex = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i);
        var truth = predictions.Select(p => labelIndex[p.Label!]).ToArray();
        var predicted = predictions.Select(p => labelIndex[p.Predicted]).ToArray();
        var confusion = ClassificationMetrics.Confusion(truth, predicted, labels.Count);
        var perClass = labels.Select((l, i) => (l, m: ClassificationMetrics.ForClass(confusion, i))).ToDictionary(p => p.l, p => p.m);
        double? auc = labels.Count == 2
            ? ClassificationMetrics.RocAuc(truth.Select(t => t == 1).ToArray(), predictions.Select(p => p.Probabilities[labels[1]]).ToArray())
            : null;
        var leaked = NearDuplicateFinder.Between(fingerprints, model.TrainingFingerprints.Select(f => ("", f)).ToArray());
        return new EvaluationReport(ClassificationMetrics.Accuracy(confusion), labels, confusion, perClass, auc, predictions,
            skipped.OrderBy(s => s.Path, StringComparer.Ordinal).ToArray())
        {
            NearDuplicatesOfTraining = leaked,
            Threshold = model.Metadata.Threshold,
        };
    }

    private async Task<(IReadOnlyList<ImagePrediction>, IReadOnlyList<SkippedFile>, IReadOnlyList<(string Path, float[] Fingerprint)>)> PredictAsync(
        ModelPackage model,
        IReadOnlyList<DatasetImage> images,
        Action<RunProgress>? onProgress,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, byte[]>? contents = null)
    {
        var views = model.Metadata.TestTimeViews;
        var wanted = views.Append(Imaging.ImageViews.Fingerprint).Distinct().ToArray();
        var progress = onProgress is null ? null : new SynchronousProgress<FeaturizationProgress>(onProgress);
        // A fine-tuned model computes its features with its own backbone; the feature cache holds the shipped backbone's only.
        var features = await (model.BackbonePath is { } own ? new FeatureExtractor(ModelBackbones.For(own), null) : new FeatureExtractor(backbone, cache))
            .ExtractAsync(images.Select(i => new FeatureRequest(File.Exists(i.Path) ? i.Path : Path.GetFullPath(i.Path), i.Hash)
                {
                    // Images held in memory (keyed by content hash) are featurized from their bytes.
                    Content = contents?.GetValueOrDefault(i.Hash),
                }).ToArray(),
                wanted, progress, cancellationToken);
        var layout = model.Layout;
        var labels = model.Metadata.Labels;
        var predictions = new List<ImagePrediction>();
        var skipped = new List<SkippedFile>();
        var probabilities = new float[labels.Count];
        foreach (var image in images)
        {
            if (views.Any(v => !features.Vectors.ContainsKey((image.Hash, v))))
            {
                var reason = features.FailedPaths.TryGetValue(image.Path, out var r) ? r
                    : features.FailedPaths.TryGetValue(Path.GetFullPath(image.Path), out var r2) ? r2 : "could not be featurized";
                skipped.Add(new SkippedFile(image.Path, reason));
                continue;
            }
            HeadPrediction.PredictAveraged(model.Head, views.Select(v => layout.Select(features.Vectors[(image.Hash, v)])).ToArray(), probabilities);
            int best = DecisionThreshold.Decide(probabilities, labels, model.Metadata.Threshold);
            predictions.Add(new ImagePrediction(image.Path, image.Label.Length == 0 ? null : image.Label, labels[best],
                labels.Select((l, i) => (l, p: (double)probabilities[i])).ToDictionary(x => x.l, x => x.p)));
        }
        var fingerprints = images
            .Where(i => features.Vectors.ContainsKey((i.Hash, Imaging.ImageViews.Fingerprint)))
            .Select(i => (i.Path, features.Vectors[(i.Hash, Imaging.ImageViews.Fingerprint)]))
            .ToArray();
        return (predictions, skipped, fingerprints);
    }
}
