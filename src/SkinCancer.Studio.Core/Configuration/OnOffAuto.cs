using System.Text.Json;
using System.Text.Json.Serialization;

namespace SkinCancer.Studio.Core.Configuration;

/// <summary>
/// The three-way settings of <see cref="Training.TrainingOptions"/> (FineTune, Augment, TestTimeAugmentation) are
/// <c>bool?</c>, null meaning automatic. appsettings.json may spell them "on", "off" or "auto" (older files say true/false);
/// this reads both, for the web app's configuration binding and the CLI's JSON reading alike.
/// </summary>
public static class OnOffAuto
{
    /// <summary>The settings (paths below "Studio") that take on/off/auto.</summary>
    public static readonly string[] TrainingKeys = ["Training:FineTune", "Training:Augment", "Training:TestTimeAugmentation"];

    public static bool? Parse(string text, string setting) => text.Trim().ToLowerInvariant() switch
    {
        "on" or "true" or "1" => true,
        "off" or "false" or "0" => false,
        "auto" or "" or "null" => null,
        _ => throw new ArgumentException($"{setting} must be one of off, auto, on (or true/false), not '{text}'"),
    };

    public static string Name(bool? value) => value switch { true => "on", false => "off", null => "auto" };

    /// <summary>Reads true/false/null or a word; writes true/false/null, so files the studio writes stay as they were.</summary>
    public sealed class JsonConverter : JsonConverter<bool?>
    {
        public override bool HandleNull => true;

        public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.Null => null,
            JsonTokenType.String => ParseForJson(reader.GetString()!),
            _ => throw new JsonException($"expected on, off, auto, true, false or null, found {reader.TokenType}"),
        };

        public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
        {
            if (value is { } v) writer.WriteBooleanValue(v);
            else writer.WriteNullValue();
        }

        private static bool? ParseForJson(string text)
        {
            try
            {
                return Parse(text, "an on/off/auto setting");
            }
            catch (ArgumentException e)
            {
                throw new JsonException(e.Message);
            }
        }
    }
}
