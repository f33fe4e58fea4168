namespace SkinCancer.Studio.Core.Training.Options;

/// <summary>
/// The command-line name of a training option when it is not the kebab-case of the property name: short names that
/// users of the first CLI already type (`--hidden`, `--tta`), kept so their scripts keep working.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class CommandLineNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
