using Microsoft.ML.OnnxRuntime;
using SkinCancer.Studio.Core.Export;
using SkinCancer.Studio.Core.Imaging;

namespace SkinCancer.Studio.Export.Tests;

/// <summary>Runs an exported model.onnx with ONNX Runtime, the way any ONNX user would: only the file and its contract.</summary>
internal static class OnnxExportRunner
{
    public static float[][] Predict(string modelPath, float[] inputs, int batchSize = 10)
    {
        using var session = new InferenceSession(modelPath);
        int count = inputs.Length / Preprocessing.TensorLength;
        var result = new List<float[]>();
        for (int start = 0; start < count; start += batchSize)
        {
            int n = Math.Min(batchSize, count - start);
            var memory = inputs.AsMemory(start * Preprocessing.TensorLength, n * Preprocessing.TensorLength);
            using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, memory,
                [n, Preprocessing.InputSize, Preprocessing.InputSize, 3]);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, [OnnxExporter.InputName], [input], [OnnxExporter.OutputName]);
            var probabilities = outputs[0].GetTensorDataAsSpan<float>();
            int classes = probabilities.Length / n;
            for (int i = 0; i < n; i++) result.Add(probabilities.Slice(i * classes, classes).ToArray());
        }
        return result.ToArray();
    }
}
