using SkinCancer.Studio.Core.Configuration;

namespace SkinCancer.Studio.Configuration;

/// <summary>
/// Binds the "Studio" section to <see cref="StudioOptions"/>. The configuration binder converts only true/false into a
/// <c>bool?</c>, so the on/off/auto settings (<see cref="OnOffAuto.TrainingKeys"/>, e.g. "FineTune": "auto") are
/// translated first on a copy of the section; an empty value is how the binder spells null (auto). Done when the options
/// are first read, so every configuration source (files, environment, command line, test hosts) is already in.
/// </summary>
public static class StudioOptionsBinding
{
    public static void Bind(IConfiguration configuration, StudioOptions options)
    {
        var section = configuration.GetSection(StudioOptions.SectionName);
        var values = section.AsEnumerable(makePathsRelative: true)
            .Select(pair => OnOffAuto.TrainingKeys.Contains(pair.Key, StringComparer.OrdinalIgnoreCase) && pair.Value is { } text
                ? KeyValuePair.Create(pair.Key, (string?)Bindable(text, $"{StudioOptions.SectionName}:{pair.Key}"))
                : pair);
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().Bind(options);
    }

    private static string Bindable(string text, string setting) => OnOffAuto.Parse(text, setting) switch
    {
        true => "true",
        false => "false",
        null => "",
    };
}
