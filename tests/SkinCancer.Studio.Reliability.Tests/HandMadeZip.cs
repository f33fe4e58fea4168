using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>
/// Zips written byte by byte, so that a test can make what no zip library would: entries that share their compressed
/// data (an overlapping zip bomb), or many copies of one run of zeros compressed once (a plain bomb, written quickly).
/// </summary>
internal static class HandMadeZip
{
    /// <summary><paramref name="entries"/> entries that all point at one deflated run of <paramref name="zeros"/> zero bytes.</summary>
    public static byte[] Overlapping(int entries, int zeros) => Write(entries, zeros, shareData: true);

    /// <summary><paramref name="entries"/> separate entries, each its own copy of one deflated run of zeros.</summary>
    public static byte[] Separate(int entries, int zeros) => Write(entries, zeros, shareData: false);

    private static byte[] Write(int entries, int zeros, bool shareData)
    {
        var data = Deflate(zeros);
        uint crc = Crc32OfZeros(zeros);
        using var zip = new MemoryStream();
        var offsets = new long[entries];
        for (int i = 0; i < entries; i++)
        {
            if (shareData && i > 0)
            {
                offsets[i] = offsets[0];
                continue;
            }
            offsets[i] = zip.Position;
            WriteHeader(zip, local: true, Name(shareData ? 0 : i), crc, data.Length, zeros, 0);
            zip.Write(data);
        }
        long directory = zip.Position;
        for (int i = 0; i < entries; i++) WriteHeader(zip, local: false, Name(i), crc, data.Length, zeros, offsets[i]);
        long directoryLength = zip.Position - directory;
        var end = new byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(8), (ushort)entries);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(10), (ushort)entries);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(12), (uint)directoryLength);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(16), (uint)directory);
        zip.Write(end);
        return zip.ToArray();
    }

    private static string Name(int i) => $"train/benign/zeros-{i:D5}.png";

    private static void WriteHeader(Stream zip, bool local, string name, uint crc, int compressed, int size, long offset)
    {
        var nameBytes = Encoding.ASCII.GetBytes(name);
        var header = new byte[local ? 30 : 46];
        var span = header.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, local ? 0x04034b50u : 0x02014b50u);
        int at = local ? 4 : 6;
        if (!local) BinaryPrimitives.WriteUInt16LittleEndian(span[4..], 20);
        BinaryPrimitives.WriteUInt16LittleEndian(span[at..], 20);
        BinaryPrimitives.WriteUInt16LittleEndian(span[(at + 4)..], 8);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 10)..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 14)..], (uint)compressed);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 18)..], (uint)size);
        BinaryPrimitives.WriteUInt16LittleEndian(span[(at + 22)..], (ushort)nameBytes.Length);
        if (!local) BinaryPrimitives.WriteUInt32LittleEndian(span[42..], (uint)offset);
        zip.Write(header);
        zip.Write(nameBytes);
    }

    private static byte[] Deflate(int zeros)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var block = new byte[1 << 20];
            for (int left = zeros; left > 0; left -= block.Length) deflate.Write(block, 0, Math.Min(block.Length, left));
        }
        return output.ToArray();
    }

    private static uint Crc32OfZeros(int length)
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        uint crc = 0xFFFFFFFF;
        for (int i = 0; i < length; i++) crc = table[crc & 0xFF] ^ (crc >> 8);
        return ~crc;
    }
}
