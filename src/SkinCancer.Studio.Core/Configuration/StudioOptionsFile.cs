using System.Text.Json;
using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Core.Configuration;

/// <summary>Reads the "Studio" section of appsettings.json for programs without ASP.NET's configuration stack (the CLI).</summary>
public static class StudioOptionsFile
{
    /// <summary>appsettings.json in the current directory, else the one copied beside the program.</summary>
    public static string? Find() =>
        new[] { Path.Combine(Environment.CurrentDirectory, "appsettings.json"), Path.Combine(AppContext.BaseDirectory, "appsettings.json") }
            .FirstOrDefault(File.Exists);

    public static StudioOptions Load(string? path)
    {
        if (path is null) return new StudioOptions();
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        if (!document.RootElement.TryGetProperty(StudioOptions.SectionName, out var section)) return new StudioOptions();
        // StudioJson.Options reads switches as true/false/null or "on", "off", "auto".
        var options = section.Deserialize<StudioOptions>(new JsonSerializerOptions(StudioJson.Options) { PropertyNameCaseInsensitive = true })
                      ?? new StudioOptions();
        options.Training.Validate();
        return options;
    }
}
