using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SkinCancer.Studio.Core.ModelPackages;

/// <summary>The JSON conventions of every file and CLI output the studio writes: camelCase, indented, readable unicode.</summary>
public static class StudioJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // Switches (bool?) also read as "on", "off", "auto": appsettings.json and API bodies may say "FineTune": "auto".
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new Training.Options.OnOffAutoJsonConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static readonly JsonSerializerOptions Compact = new(Options) { WriteIndented = false };
}
