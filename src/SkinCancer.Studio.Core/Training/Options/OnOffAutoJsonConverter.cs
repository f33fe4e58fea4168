using System.Text.Json;
using System.Text.Json.Serialization;

namespace SkinCancer.Studio.Core.Training.Options;

/// <summary>
/// Reads a <c>bool?</c> switch from JSON as true/false/null or as the words "on", "off", "auto", so appsettings.json and
/// API bodies can say <c>"FineTune": "auto"</c>. Writes true/false/null, as the studio always has.
/// </summary>
public sealed class OnOffAutoJsonConverter : JsonConverter<bool?>
{
    public override bool HandleNull => true;

    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Null => null,
        JsonTokenType.String => ParseWord(reader.GetString()!),
        _ => throw new JsonException($"expected true, false, null, \"on\", \"off\" or \"auto\", found {reader.TokenType}"),
    };

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        if (value is { } b) writer.WriteBooleanValue(b);
        else writer.WriteNullValue();
    }

    private static bool? ParseWord(string text)
    {
        try
        {
            return OnOffAuto.Parse(text, allowAuto: true);
        }
        catch (FormatException e)
        {
            throw new JsonException(e.Message, e);
        }
    }
}
