using System.CommandLine;
using SkinCancer.Studio.Core.Training;
using SkinCancer.Studio.Core.Training.Options;

namespace SkinCancer.Studio.Cli.Options;

/// <summary>
/// The command-line options of every <see cref="TrainingOptions"/> property, declared from the options model
/// (<see cref="TrainingOptionCatalog"/>): names, help text and defaults come from the record, so a new option appears in
/// `--help` and is accepted without an edit here. The defaults shown are the effective ones, after appsettings.json.
/// </summary>
internal sealed class TrainingOptionFlags
{
    private readonly (TrainingOptionInfo Info, Option<string> Option)[] _flags;

    public TrainingOptionFlags(TrainingOptions defaults)
    {
        _flags = TrainingOptionCatalog.All.Select(info => (info, Declare(info, info.ValueIn(defaults)))).ToArray();
    }

    public IEnumerable<Option> Options => _flags.Select(f => f.Option);

    public void AddTo(Command command)
    {
        foreach (var option in Options) command.Options.Add(option);
    }

    /// <summary>The defaults with every option the user typed applied; ranges are checked by <see cref="TrainingOptions.Validate"/>.</summary>
    public TrainingOptions Read(ParseResult parse, TrainingOptions defaults) => TrainingOptionCatalog.With(defaults,
        from flag in _flags
        let result = parse.GetResult(flag.Option)
        where result is { Implicit: false }
        select (flag.Info, flag.Info.Parse(parse.GetValue(flag.Option)!)));

    private static Option<string> Declare(TrainingOptionInfo info, object? defaultValue)
    {
        var option = new Option<string>("--" + info.CommandLineName)
        {
            Description = info.Description,
            HelpName = HelpName(info),
        };
        // A default with no text (e.g. the positive label, which follows the data) is explained by the description.
        var shown = info.Format(defaultValue);
        if (shown.Length > 0) option.DefaultValueFactory = _ => shown;
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 0) return;
            try
            {
                info.Parse(result.Tokens[0].Value);
            }
            catch (FormatException e)
            {
                result.AddError(e.Message);
            }
        });
        return option;
    }

    private static string HelpName(TrainingOptionInfo info)
    {
        var type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        return type == typeof(bool) ? (info.IsOnOffAuto ? "on|off|auto" : "on|off")
            : type == typeof(int) ? "N"
            : type == typeof(double) ? "X"
            : "text";
    }
}
