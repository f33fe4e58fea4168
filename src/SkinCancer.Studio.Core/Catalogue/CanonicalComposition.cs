using System.Globalization;
using System.Text;

namespace SkinCancer.Studio.Core.Catalogue;

/// <summary>
/// Unicode canonical composition of names, so that "é" sent as e + combining acute (NFD, as macOS file names are) and
/// "é" as one character (NFC, as Windows and Linux send it) become the same class. string.Normalize cannot be used: the
/// studio runs with InvariantGlobalization (no ICU), where it leaves text unchanged. This composes adjacent pairs from
/// the Unicode table (and Hangul syllables by their formula), which turns decomposed text in canonical order, what NFD
/// produces, into its NFC form; text that is already composed is left as it is.
/// </summary>
public static partial class CanonicalComposition
{
    private static readonly Dictionary<(char First, char Second), char> Table = Load();

    public static string Compose(string text)
    {
        if (text.All(char.IsAscii)) return text;
        var output = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (output.Length > 0 && TryCompose(output[^1], c, out var composite)) output[^1] = composite;
            else output.Append(c);
        }
        return output.ToString();
    }

    private static bool TryCompose(char first, char second, out char composite)
    {
        const int sBase = 0xAC00, lBase = 0x1100, vBase = 0x1161, tBase = 0x11A7, vCount = 21, tCount = 28, sCount = 11172;
        if (first is >= (char)lBase and < (char)(lBase + 19) && second is >= (char)vBase and < (char)(vBase + vCount))
        {
            composite = (char)(sBase + ((first - lBase) * vCount + (second - vBase)) * tCount);
            return true;
        }
        if (first is >= (char)sBase and < (char)(sBase + sCount) && (first - sBase) % tCount == 0 && second is > (char)tBase and < (char)(tBase + tCount))
        {
            composite = (char)(first + (second - tBase));
            return true;
        }
        return Table.TryGetValue((first, second), out composite);
    }

    private static Dictionary<(char, char), char> Load()
    {
        var table = new Dictionary<(char, char), char>(Pairs.Length / 12);
        for (int i = 0; i < Pairs.Length; i += 12)
        {
            char Hex(int at) => (char)int.Parse(Pairs.AsSpan(i + at, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            table[(Hex(0), Hex(4))] = Hex(8);
        }
        return table;
    }
}
