using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Imaging;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Core.ModelPackages;

/// <summary>
/// A trained model on disk: a folder with metadata.json and head.bin (little-endian float32 arrays in the order
/// metadata.json's head.arrays lists). Written to a temporary folder and renamed into place, so a crash never leaves
/// a half-written model that loads.
/// </summary>
public sealed record ModelPackage(ModelMetadata Metadata, MlpHead Head)
{
    public const string MetadataFile = "metadata.json";
    public const string WeightsFile = "head.bin";
    public const string FingerprintsFile = "fingerprints.bin";

    /// <summary>A fine-tuned model's whole ResNet18.onnx (the shipped graph with fine-tuned weights); absent for a frozen model.</summary>
    public const string BackboneFile = "backbone.onnx";

    /// <summary>The fine-tuned backbone to save with the model (ONNX bytes); null for a frozen model.</summary>
    public byte[]? FineTunedBackbone { get; init; }

    /// <summary>After <see cref="Load"/>: the model's own backbone.onnx when it has one (fine-tuned), else null (the shipped backbone).</summary>
    public string? BackbonePath { get; init; }

    /// <summary>Fingerprints of the training images (1 KB each), to warn when a test image nearly duplicates one.</summary>
    public IReadOnlyList<float[]> TrainingFingerprints { get; init; } = [];

    public static string StudioVersion =>
        typeof(ModelPackage).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public FeatureLayout Layout => FeatureLayout.Parse(Metadata.Backbone.FeatureBlocks);

    public static HeadInfo DescribeHead(MlpHead head)
    {
        var arrays = new List<WeightArrayInfo>
        {
            new("standardise/mean", [head.InputLength]),
            new("standardise/inverse_std", [head.InputLength]),
        };
        if (head.Hidden is { } hidden)
        {
            arrays.Add(new("hidden/kernel_out_in", [hidden.Outputs, hidden.Inputs]));
            arrays.Add(new("hidden/bias", [hidden.Outputs]));
        }
        arrays.Add(new("output/kernel_out_in", [head.Output.Outputs, head.Output.Inputs]));
        arrays.Add(new("output/bias", [head.Output.Outputs]));
        return new HeadInfo("mlp", head.InputLength, head.HiddenUnits, head.ClassCount, WeightsFile, arrays);
    }

    public void Save(string directory)
    {
        directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(Path.GetDirectoryName(directory)!);
        FolderSwap.RecoverInterrupted(directory);
        var staging = FolderSwap.StagingFor(directory);
        Directory.CreateDirectory(staging);
        try
        {
            FolderSwap.WriteDurably(Path.Combine(staging, WeightsFile), MemoryMarshal.AsBytes(Head.ParameterArrays().SelectMany(a => a).ToArray().AsSpan()));
            FolderSwap.WriteDurably(Path.Combine(staging, FingerprintsFile), MemoryMarshal.AsBytes(TrainingFingerprints.SelectMany(f => f).ToArray().AsSpan()));
            if (FineTunedBackbone is { } backbone) FolderSwap.WriteDurably(Path.Combine(staging, BackboneFile), backbone);
            // metadata.json last: a folder is a model only once it has metadata, so a partial staging folder never loads.
            FolderSwap.WriteDurably(Path.Combine(staging, MetadataFile), JsonSerializer.SerializeToUtf8Bytes(Metadata, StudioJson.Options));
            FolderSwap.Replace(staging, directory);
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
    }

    public static ModelPackage Load(string directory)
    {
        FolderSwap.RestoreSetAside(directory);
        var metadataPath = Path.Combine(directory, MetadataFile);
        if (!File.Exists(metadataPath)) throw new ModelLoadException($"not a model folder (no {MetadataFile}): {directory}");
        ModelMetadata metadata;
        try
        {
            metadata = JsonSerializer.Deserialize<ModelMetadata>(File.ReadAllText(metadataPath), StudioJson.Options)
                       ?? throw new ModelLoadException($"{metadataPath} is empty");
        }
        catch (JsonException e)
        {
            throw new ModelLoadException($"{metadataPath} is not valid model metadata: {e.Message}");
        }
        if (metadata.FormatVersion > ModelMetadata.CurrentFormatVersion)
        {
            throw new ModelLoadException($"model format {metadata.FormatVersion} is newer than this studio understands ({ModelMetadata.CurrentFormatVersion})");
        }
        if (metadata.Backbone.Id != ResNet18Backbone.Id || !Preprocessing.CompatibleIds.Contains(metadata.Preprocessing.Id))
        {
            throw new ModelLoadException($"model was trained on backbone '{metadata.Backbone.Id}' with preprocessing '{metadata.Preprocessing.Id}', which this studio does not provide");
        }

        var info = metadata.Head;
        var head = new MlpHead(info.InputLength, info.HiddenUnits, info.ClassCount);
        var weightsPath = Path.Combine(directory, info.WeightsFile);
        if (!File.Exists(weightsPath)) throw new ModelLoadException($"model weights are missing: {weightsPath}");
        var bytes = File.ReadAllBytes(weightsPath);
        long expected = head.ParameterArrays().Sum(a => (long)a.Length) * sizeof(float);
        if (bytes.Length != expected)
        {
            throw new ModelLoadException($"{weightsPath} holds {bytes.Length} bytes, expected {expected}: the file is damaged");
        }
        int offset = 0;
        foreach (var array in head.ParameterArrays())
        {
            MemoryMarshal.Cast<byte, float>(bytes.AsSpan(offset, array.Length * sizeof(float))).CopyTo(array);
            offset += array.Length * sizeof(float);
        }
        if (metadata.Labels.Count != head.ClassCount) throw new ModelLoadException("label count does not match the head's outputs");

        // Optional: older or hand-made packages without fingerprints still load, they just cannot warn about leakage.
        var fingerprintsPath = Path.Combine(directory, FingerprintsFile);
        var values = File.Exists(fingerprintsPath) ? MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(fingerprintsPath)).ToArray() : [];
        var fingerprints = values.Chunk(Imaging.ImageFingerprint.Length).ToArray();
        var backbonePath = Path.GetFullPath(Path.Combine(directory, BackboneFile));
        if (metadata.FineTuning is { Kept: true } && !File.Exists(backbonePath))
        {
            throw new ModelLoadException($"the model's fine-tuned backbone is missing: {backbonePath}");
        }
        return new ModelPackage(metadata, head)
        {
            TrainingFingerprints = fingerprints,
            BackbonePath = metadata.FineTuning is { Kept: true } ? backbonePath : null,
        };
    }
}

public sealed class ModelLoadException(string message) : Exception(message);
