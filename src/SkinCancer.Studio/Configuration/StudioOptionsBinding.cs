using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Training.Options;

namespace SkinCancer.Studio.Web.Configuration;

/// <summary>
/// Binds the "Studio" section to <see cref="StudioOptions"/>. The configuration binder converts only true/false into a
/// <c>bool?</c>, so the on/off/auto settings (<see cref="SwitchKeys"/>, e.g. "FineTune": "auto") are
/// translated first on a copy of the section; an empty value is how the binder spells null (auto). Done when the options
/// are first read, so every configuration source (files, environment, command line, test hosts) is already in.
/// </summary>
public static class StudioOptionsBinding
{
    /// <summary>The switches of the training defaults that may be automatic (null), as paths below "Studio".</summary>
    public static readonly string[] SwitchKeys = ["Training:FineTune", "Training:Augment", "Training:TestTimeAugmentation"];

    public static void Bind(IConfiguration configuration, StudioOptions options)
    {
        var section = configuration.GetSection(StudioOptions.SectionName);
        var values = section.AsEnumerable(makePathsRelative: true)
            .Select(pair => SwitchKeys.Contains(pair.Key, StringComparer.OrdinalIgnoreCase) && pair.Value is { } text
                ? KeyValuePair.Create(pair.Key, (string?)Bindable(text, $"{StudioOptions.SectionName}:{pair.Key}"))
                : pair);
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().Bind(options);
    }

    private static string Bindable(string text, string setting)
    {
        try
        {
            return OnOffAuto.Parse(text, allowAuto: true) switch { true => "true", false => "false", null => "" };
        }
        catch (FormatException)
        {
            throw new ArgumentException($"{setting} must be one of off, auto, on (or true/false), not '{text}'");
        }
    }
}
