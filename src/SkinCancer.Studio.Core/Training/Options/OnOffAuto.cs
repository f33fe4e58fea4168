namespace SkinCancer.Studio.Core.Training.Options;

/// <summary>
/// The words a user may write for a switch, on the command line or in appsettings.json: on/off (also true/false, 1/0)
/// and, where the switch has an automatic setting, auto (null).
/// </summary>
public static class OnOffAuto
{
    public static bool? Parse(string text, bool allowAuto) => text.Trim().ToLowerInvariant() switch
    {
        "on" or "true" or "1" or "yes" => true,
        "off" or "false" or "0" or "no" => false,
        "auto" when allowAuto => null,
        _ => throw new FormatException(allowAuto ? $"'{text}' is not one of on, off, auto" : $"'{text}' is not one of on, off"),
    };

    /// <summary>The word for a switch's value, as the CLI's help, the panel, the run list and the run page show it.</summary>
    public static string Name(bool? value) => value switch { true => "on", false => "off", null => "auto" };
}
