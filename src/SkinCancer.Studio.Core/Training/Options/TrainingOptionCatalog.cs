using System.Reflection;
using System.Text;

namespace SkinCancer.Studio.Core.Training.Options;

/// <summary>
/// The options model: every settable property of <see cref="TrainingOptions"/>, found by reflection, so that a new option
/// reaches the CLI, appsettings.json and the API's JSON at once, with the documentation written once on the property.
/// </summary>
public static class TrainingOptionCatalog
{
    private static readonly Lazy<IReadOnlyList<TrainingOptionInfo>> _all = new(Discover);

    public static IReadOnlyList<TrainingOptionInfo> All => _all.Value;

    /// <summary>A copy of <paramref name="options"/> with the given values set (records are immutable; init setters are reached by reflection).</summary>
    public static TrainingOptions With(TrainingOptions options, IEnumerable<(TrainingOptionInfo Option, object? Value)> values)
    {
        var copy = options with { };
        foreach (var (option, value) in values) option.Property.SetValue(copy, value);
        return copy;
    }

    private static IReadOnlyList<TrainingOptionInfo> Discover()
    {
        var docs = XmlDocumentation.ForAssembly(typeof(TrainingOptions).Assembly);
        return typeof(TrainingOptions)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true })
            .OrderBy(p => p.MetadataToken) // declaration order: the order the documentation explains them in
            .Select(p => new TrainingOptionInfo(
                p,
                p.GetCustomAttribute<CommandLineNameAttribute>()?.Name ?? KebabCase(p.Name),
                docs.Summary($"P:{typeof(TrainingOptions).FullName}.{p.Name}") ?? ""))
            .ToArray();
    }

    /// <summary>FineTuneLearningRate → fine-tune-learning-rate.</summary>
    public static string KebabCase(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) text.Append('-');
            text.Append(char.ToLowerInvariant(name[i]));
        }
        return text.ToString();
    }
}
