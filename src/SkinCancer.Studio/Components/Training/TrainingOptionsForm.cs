using SkinCancer.Studio.Core.Training;
using SkinCancer.Studio.Core.Training.Options;

namespace SkinCancer.Studio.Web.Components.Training;

/// <summary>
/// The advanced panel's editable copy of <see cref="TrainingOptions"/> (which is immutable), seeded from the configured
/// defaults: one value per option of the options model (<see cref="TrainingOptionCatalog"/>), so a new option appears in
/// the panel without an edit here.
/// </summary>
public sealed class TrainingOptionsForm(TrainingOptions defaults)
{
    private readonly Dictionary<string, object?> _values =
        TrainingOptionCatalog.All.ToDictionary(o => o.Property.Name, o => o.ValueIn(defaults));

    public TrainingOptions Defaults => defaults;

    /// <summary>The value of an option by property name, e.g. form["FineTuneEpochs"] = 5.</summary>
    public object? this[string propertyName]
    {
        get => _values[propertyName];
        set => _values[propertyName] = value;
    }

    public TrainingOptions ToOptions() =>
        TrainingOptionCatalog.With(defaults, TrainingOptionCatalog.All.Select(o => (o, _values[o.Property.Name])));
}
