using System.Numerics.Tensors;

namespace SkinCancer.Studio.Core.Training;

/// <summary>
/// One mini-batch through the head: forward with dropout, weighted label-smoothed cross-entropy, and backward into the
/// layers' gradient buffers. Buffers are allocated once per training run.
/// </summary>
internal sealed class BatchStep
{
    private readonly MlpHead _head;
    private readonly float _labelSmoothing;
    private readonly float[] _hidden, _mask, _logits, _probabilities, _logitGradient, _hiddenGradient;

    public BatchStep(MlpHead head, int batchSize, double labelSmoothing)
    {
        _head = head;
        _labelSmoothing = (float)labelSmoothing;
        Input = new float[batchSize * head.InputLength];
        Labels = new int[batchSize];
        Weights = new float[batchSize];
        int hidden = Math.Max(head.HiddenUnits, 1);
        _hidden = new float[batchSize * hidden];
        _mask = new float[batchSize * hidden];
        _hiddenGradient = new float[batchSize * hidden];
        _logits = new float[batchSize * head.ClassCount];
        _probabilities = new float[batchSize * head.ClassCount];
        _logitGradient = new float[batchSize * head.ClassCount];
    }

    /// <summary>Standardised inputs, row-major [batch, features]; filled by the caller.</summary>
    public float[] Input { get; }
    public int[] Labels { get; }
    /// <summary>Per-sample loss weights (class weights).</summary>
    public float[] Weights { get; }

    public readonly record struct Result(double WeightedLoss, double WeightSum, int Correct)
    {
        public double MeanLoss => WeightedLoss / WeightSum;
    }

    /// <summary>Runs forward and backward; the gradients (of the weighted mean loss) replace the layers' previous ones.</summary>
    public Result Run(int batch, double dropout, Random? random)
    {
        int c = _head.ClassCount, h = _head.HiddenUnits;
        var hiddenLayer = _head.Hidden;
        float[] outputInput = Input;
        if (hiddenLayer is not null)
        {
            hiddenLayer.Forward(Input, batch, _hidden);
            var activations = _hidden.AsSpan(0, batch * h);
            TensorPrimitives.Max(activations, 0f, activations);
            float keep = 1 - (float)dropout;
            for (int i = 0; i < batch * h; i++)
            {
                // Inverted dropout: surviving units are scaled up so inference needs no rescaling.
                _mask[i] = random is null || dropout == 0 ? 1f : random.NextSingle() < keep ? 1f / keep : 0f;
                if (activations[i] <= 0) _mask[i] = 0f;
                activations[i] *= _mask[i];
            }
            outputInput = _hidden;
        }
        _head.Output.Forward(outputInput, batch, _logits);

        double weightSum = 0;
        for (int b = 0; b < batch; b++) weightSum += Weights[b];
        double lossSum = 0;
        int correct = 0;
        float offTarget = _labelSmoothing / c, onTarget = 1 - _labelSmoothing + offTarget;
        for (int b = 0; b < batch; b++)
        {
            var logits = _logits.AsSpan(b * c, c);
            var p = _probabilities.AsSpan(b * c, c);
            StableSoftmax.Compute(logits, p);
            if (TensorPrimitives.IndexOfMax(p) == Labels[b]) correct++;
            double loss = 0;
            float scale = (float)(Weights[b] / weightSum);
            var gradient = _logitGradient.AsSpan(b * c, c);
            for (int k = 0; k < c; k++)
            {
                float target = k == Labels[b] ? onTarget : offTarget;
                if (target > 0) loss -= target * Math.Log(Math.Max(p[k], 1e-12f));
                gradient[k] = (p[k] - target) * scale;
            }
            lossSum += loss * Weights[b];
        }

        foreach (var layer in _head.Layers) layer.ClearGradients();
        if (hiddenLayer is null)
        {
            _head.Output.Backward(Input, _logitGradient, batch, inputGradient: null);
        }
        else
        {
            _head.Output.Backward(_hidden, _logitGradient, batch, _hiddenGradient);
            TensorPrimitives.Multiply(_hiddenGradient.AsSpan(0, batch * h), _mask.AsSpan(0, batch * h), _hiddenGradient.AsSpan(0, batch * h));
            hiddenLayer.Backward(Input, _hiddenGradient, batch, inputGradient: null);
        }
        return new Result(lossSum, weightSum, correct);
    }
}
