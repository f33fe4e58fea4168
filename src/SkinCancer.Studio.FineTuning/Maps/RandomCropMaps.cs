using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Processing;
using SkinCancer.Studio.Core.Imaging;
using SkinCancer.Studio.Core.Training;
using SkinCancer.Studio.FineTuning.Network;

namespace SkinCancer.Studio.FineTuning.Maps;

/// <summary>
/// Stage-3 maps of random resized crops, drawn again each epoch (torchvision's RandomResizedCrop: an area fraction in
/// [<c>minScale</c>, 1], an aspect ratio in [3/4, 4/3], cut from the decoded photo before it is stretched to 224, then one
/// of the first <c>views</c> flips/rotations): training views that cached maps of fixed views cannot give.
/// </summary>
internal sealed class RandomCropMaps(string resNet18Path, IReadOnlyList<string> paths, int views, double minScale) : IDisposable
{
    private const int BatchSize = 16;
    private readonly ActivationSession _session = new(File.ReadAllBytes(resNet18Path), [StageOperations.Stage3Output]);

    /// <summary>The crops a run's settings ask for (<see cref="TrainingOptions.FineTuneCropScale"/> below 1), else null: the cached maps.</summary>
    public static RandomCropMaps? For(TrainingOptions options, string resNet18Path, IReadOnlyList<string> paths) =>
        options.FineTuneCropScale < 1 ? new RandomCropMaps(resNet18Path, paths, options.FineTuneViews, options.FineTuneCropScale) : null;

    /// <summary>Maps of one fresh crop of each image in <paramref name="indices"/>, stored under view 0 of a map set over all images.</summary>
    public StageMaps Draw(IReadOnlyList<int> indices, Random random, CancellationToken cancellationToken)
    {
        var maps = new StageMaps(paths.Count, 1);
        // Drawn in order on one generator, so a seed gives the same crops whatever the thread count.
        var draws = indices.Select(_ => (X: random.NextDouble(), Y: random.NextDouble(), Area: minScale + (1 - minScale) * random.NextDouble(),
            LogRatio: Math.Log(3.0 / 4) + (Math.Log(4.0 / 3) - Math.Log(3.0 / 4)) * random.NextDouble(), View: random.Next(views))).ToArray();
        var tensors = new float[BatchSize * Preprocessing.TensorLength];
        for (int start = 0; start < indices.Count; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(BatchSize, indices.Count - start);
            Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, b =>
            {
                var draw = draws[start + b];
                using var decoded = ImageDecoding.LoadRgb(File.ReadAllBytes(paths[indices[start + b]]));
                var area = decoded.Width * decoded.Height * draw.Area;
                double ratio = Math.Exp(draw.LogRatio);
                int width = Math.Clamp((int)Math.Round(Math.Sqrt(area * ratio)), 1, decoded.Width);
                int height = Math.Clamp((int)Math.Round(Math.Sqrt(area / ratio)), 1, decoded.Height);
                int x = (int)((decoded.Width - width) * draw.X), y = (int)((decoded.Height - height) * draw.Y);
                using var cropped = decoded.Clone(c => c.Crop(new Rectangle(x, y, width, height)));
                using var resized = Preprocessing.ResizeToInput(cropped);
                using var viewed = ImageViews.Apply(resized, draw.View);
                Preprocessing.WriteBackboneTensor(viewed, tensors.AsSpan(b * Preprocessing.TensorLength, Preprocessing.TensorLength));
            });
            _session.Run(tensors, count, output =>
            {
                for (int b = 0; b < count; b++) maps.Set(indices[start + b], 0, output.Slice(b * StageMaps.Length, StageMaps.Length));
            });
        }
        return maps;
    }

    public void Dispose() => _session.Dispose();
}
