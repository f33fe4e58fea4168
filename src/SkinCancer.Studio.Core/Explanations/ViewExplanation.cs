using System.Numerics.Tensors;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.Explanations;

/// <summary>
/// One view of one image explained: its features pooled from the stage maps, the head's probabilities, and per class
/// and per pooled stage a signed class-activation map (before the ReLU), drawn on the finest of those stages' grids.
/// </summary>
internal sealed record ViewExplanation(float[] Probabilities, float[][][] SignedMaps, int GridSize)
{
    public static IReadOnlyList<StageShape> StagesOf(FeatureLayout layout) =>
        StageMapGraph.Stages.Where(s => BackboneGraph.Taps.Any(t => t.Activation == s.Tensor && layout.Blocks.Contains(t.Block))).ToArray();

    /// <param name="maps">Per stage of <paramref name="stages"/>, this view's [C, H, W] maps.</param>
    public static ViewExplanation Compute(MlpHead head, FeatureLayout layout, IReadOnlyList<StageShape> stages,
        IReadOnlyList<ReadOnlyMemory<float>> maps)
    {
        var taps = BackboneGraph.Taps.Where(t => layout.Blocks.Contains(t.Block)).ToArray();
        var features = new float[layout.Length];
        int offset = 0;
        foreach (var tap in taps)
        {
            int s = Index(stages, tap.Activation);
            TapPooling.Pool(tap, stages[s], maps[s].Span, features.AsSpan(offset, stages[s].Channels));
            offset += stages[s].Channels;
        }

        var forward = new HeadGradient(head, features);
        int grid = stages.Max(s => s.Size);
        var signed = new float[head.ClassCount][][];
        for (int label = 0; label < head.ClassCount; label++)
        {
            var featureGradient = forward.LogOddsGradient(label);
            var mapGradients = stages.Select(s => new float[s.Length]).ToArray();
            offset = 0;
            foreach (var tap in taps)
            {
                int s = Index(stages, tap.Activation);
                TapPooling.AddGradient(tap, stages[s], maps[s].Span, featureGradient.AsSpan(offset, stages[s].Channels), mapGradients[s]);
                offset += stages[s].Channels;
            }
            signed[label] = stages.Select((stage, s) => OnGrid(GradCam(stage, maps[s].Span, mapGradients[s]), stage.Size, grid)).ToArray();
        }
        return new ViewExplanation(forward.Probabilities, signed, grid);
    }

    private static int Index(IReadOnlyList<StageShape> stages, string tensor)
    {
        for (int i = 0; i < stages.Count; i++) if (stages[i].Tensor == tensor) return i;
        throw new InvalidOperationException($"stage '{tensor}' was not computed");
    }

    /// <summary>
    /// Grad-CAM (Selvaraju et al. 2017) on one stage, before its ReLU: each channel weighted by its gradient averaged
    /// over the cells, summed. (HiResCAM, gradient times activation per cell, measured worse on the ring-vs-cross test:
    /// 73 % of peaks on the object against 85 %.)
    /// </summary>
    private static float[] GradCam(StageShape stage, ReadOnlySpan<float> maps, float[] gradients)
    {
        var map = new float[stage.Cells];
        for (int c = 0; c < stage.Channels; c++)
        {
            float weight = TensorPrimitives.Sum(gradients.AsSpan(c * stage.Cells, stage.Cells)) / stage.Cells;
            if (weight != 0) TensorPrimitives.MultiplyAdd(maps.Slice(c * stage.Cells, stage.Cells), weight, map, map);
        }
        return map;
    }

    /// <summary>A stage's map resampled bilinearly (between cell centres) onto the finest grid.</summary>
    private static float[] OnGrid(float[] map, int size, int gridSize)
    {
        if (size == gridSize) return map;
        var result = new float[gridSize * gridSize];
        float ratio = (float)size / gridSize;
        float At(int i) => (i + 0.5f) * ratio - 0.5f;
        for (int y = 0; y < gridSize; y++)
        {
            for (int x = 0; x < gridSize; x++) result[y * gridSize + x] = HeatMap.Bilinear(map, size, At(x), At(y));
        }
        return result;
    }
}
