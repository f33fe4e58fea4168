namespace SkinCancer.Studio.Core.Training.Options;

/// <summary>
/// The short label a form shows for a training option when the words of its property name do not say enough
/// (e.g. "Hidden units (0 = linear)"); the help under it comes from the property's documentation.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OptionLabelAttribute(string label) : Attribute
{
    public string Label { get; } = label;
}
