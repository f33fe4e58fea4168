using System.Globalization;
using System.Reflection;

namespace SkinCancer.Studio.Core.Training.Options;

/// <summary>
/// One option of <see cref="TrainingOptions"/> as every front end sees it: its name on the command line, its type, its
/// documentation (the property's XML summary) and how its value reads and prints.
/// </summary>
public sealed record TrainingOptionInfo(PropertyInfo Property, string CommandLineName, string Description)
{
    /// <summary>A form's label: the property's [OptionLabel], else the words of its name ("Fine-tune learning rate").</summary>
    public string Label => Property.GetCustomAttribute<OptionLabelAttribute>()?.Label ?? Words(CommandLineName);

    private static string Words(string kebab)
    {
        var words = kebab.Replace('-', ' ').Replace("fine tune", "fine-tune", StringComparison.Ordinal);
        return char.ToUpperInvariant(words[0]) + words[1..];
    }

    /// <summary>The documentation's first sentence, for the line of help under a form field.</summary>
    public string Summary
    {
        get
        {
            int end = Description.IndexOf(". ", StringComparison.Ordinal);
            return end < 0 ? Description : Description[..(end + 1)];
        }
    }

    /// <summary>Fine-tuning settings, which a form shows in their own section.</summary>
    public bool IsFineTuning => Property.Name.StartsWith("FineTune", StringComparison.Ordinal);

    public Type Type => Property.PropertyType;

    /// <summary>Null means "automatic" for on/off/auto switches (<c>bool?</c>).</summary>
    public bool IsOnOffAuto => Type == typeof(bool?);

    public object? ValueIn(TrainingOptions options) => Property.GetValue(options);

    /// <summary>The value as a user types it on the command line: invariant numbers, on/off/auto for switches.</summary>
    public string Format(object? value) => value switch
    {
        null when IsOnOffAuto => OnOffAuto.Name(null),
        null => "",
        bool b => OnOffAuto.Name(b),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Parses a value typed by a user; the message of the <see cref="FormatException"/> names the option.</summary>
    public object? Parse(string text)
    {
        var underlying = Nullable.GetUnderlyingType(Type) ?? Type;
        try
        {
            if (underlying == typeof(bool)) return OnOffAuto.Parse(text, allowAuto: IsOnOffAuto);
            if (underlying == typeof(int)) return int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
            if (underlying == typeof(double)) return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (underlying == typeof(string)) return text;
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new FormatException($"--{CommandLineName}: '{text}' is not {Expected(underlying)}", e);
        }
        throw new NotSupportedException($"training option {Property.Name} has a type no front end reads: {Type}");
    }

    private string Expected(Type underlying) =>
        underlying == typeof(bool) ? (IsOnOffAuto ? "one of on, off, auto" : "one of on, off") :
        underlying == typeof(int) ? "a whole number" : "a number";
}
