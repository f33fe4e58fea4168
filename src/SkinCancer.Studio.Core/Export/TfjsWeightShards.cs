using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace SkinCancer.Studio.Core.Export;

/// <summary>
/// Writes weights the way the TF.js converter does: all values as little-endian float32 in manifest order, no padding,
/// cut into files of at most 4 MB named group1-shardNofM.bin (browsers and static hosts cope better with small files).
/// </summary>
internal static class TfjsWeightShards
{
    public const int ShardBytes = 4 * 1024 * 1024;

    public static JsonArray Write(string directory, IReadOnlyList<TfjsWeight> weights)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("TF.js weights are little-endian");
        long total = weights.Sum(w => (long)w.Values.Length * sizeof(float));
        int shardCount = (int)Math.Max(1, (total + ShardBytes - 1) / ShardBytes);
        var paths = Enumerable.Range(1, shardCount).Select(i => $"group1-shard{i}of{shardCount}.bin").ToArray();

        int shard = 0;
        long writtenInShard = 0;
        var stream = File.Create(Path.Combine(directory, paths[0]));
        try
        {
            foreach (var weight in weights)
            {
                ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(weight.Values.AsSpan());
                while (bytes.Length > 0)
                {
                    if (writtenInShard == ShardBytes)
                    {
                        stream.Dispose();
                        stream = File.Create(Path.Combine(directory, paths[++shard]));
                        writtenInShard = 0;
                    }
                    int take = (int)Math.Min(bytes.Length, ShardBytes - writtenInShard);
                    stream.Write(bytes[..take]);
                    writtenInShard += take;
                    bytes = bytes[take..];
                }
            }
        }
        finally
        {
            stream.Dispose();
        }

        var specs = new JsonArray();
        foreach (var weight in weights)
        {
            specs.Add(new JsonObject
            {
                ["name"] = weight.Name,
                ["shape"] = new JsonArray(weight.Shape.Select(d => (JsonNode)d).ToArray()),
                ["dtype"] = "float32",
            });
        }
        return new JsonArray(new JsonObject
        {
            ["paths"] = new JsonArray(paths.Select(p => (JsonNode)p).ToArray()),
            ["weights"] = specs,
        });
    }
}
