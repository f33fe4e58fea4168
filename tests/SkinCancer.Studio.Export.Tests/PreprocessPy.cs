using System.Runtime.InteropServices;
using System.Text.Json;

namespace SkinCancer.Studio.Export.Tests;

/// <summary>The ONNX export's own preprocess.py, run as a user's Python runs it beside model.onnx.</summary>
internal static class PreprocessPy
{
    /// <summary>The model inputs preprocess.py makes of <paramref name="images"/>, float32 [N, 224, 224, 3] flattened.</summary>
    public static async Task<float[]> InputsAsync(string onnxDirectory, IReadOnlyList<string> images, TempDirectory temp)
    {
        var python = await ExternalTools.PythonAsync();
        var listPath = temp.Combine("images.json");
        await File.WriteAllTextAsync(listPath, JsonSerializer.Serialize(images));
        var inputsPath = temp.Combine("python.f32");
        await ExternalTools.RunAsync(python, onnxDirectory, "-c", """
            import json, sys
            import numpy as np
            from preprocess import to_input
            np.concatenate([to_input(path) for path in json.load(open(sys.argv[1]))]).astype('<f4').tofile(sys.argv[2])
            """, listPath, inputsPath);
        return MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(inputsPath)).ToArray();
    }
}
