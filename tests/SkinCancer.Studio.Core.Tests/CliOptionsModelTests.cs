using System.CommandLine;
using System.Globalization;
using SkinCancer.Studio.Cli;
using SkinCancer.Studio.Cli.Options;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Training;
using SkinCancer.Studio.Core.Training.Options;

namespace SkinCancer.Studio.Core.Tests;

/// <summary>
/// The CLI is declared from the options model: found by reflection over <see cref="TrainingOptions"/>, so these tests
/// fail when a new option is added without reaching `--help`, the parser or appsettings.json.
/// </summary>
public sealed class CliOptionsModelTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static async Task<(int Code, string Out, string Error)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await StudioCli.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void The_options_model_covers_every_settable_training_property_with_its_documentation()
    {
        var settable = typeof(TrainingOptions).GetProperties().Where(p => p.SetMethod is { IsPublic: true }).Select(p => p.Name).Order();
        Assert.Equal(settable, TrainingOptionCatalog.All.Select(o => o.Property.Name).Order());
        foreach (var option in TrainingOptionCatalog.All)
        {
            Assert.True(option.Description.Length > 20, $"{option.Property.Name} has no /// summary for --help");
        }
        Assert.Equal(TrainingOptionCatalog.All.Count, TrainingOptionCatalog.All.Select(o => o.CommandLineName).Distinct().Count());
    }

    [Theory]
    [InlineData("train")]
    [InlineData("crossvalidate")]
    public async Task Help_lists_every_training_option_with_its_default(string command)
    {
        var (code, help, _) = await Run(command, "--help");
        Assert.Equal(0, code);
        var defaults = new TrainingOptions();
        foreach (var option in TrainingOptionCatalog.All)
        {
            Assert.Contains($"--{option.CommandLineName} <", help);
            var shown = option.Format(option.ValueIn(defaults));
            // An option whose default follows the data (no text) says so in its description.
            Assert.Contains(shown.Length > 0 ? $"[default: {shown}]" : "Default:", Line(help, $"--{option.CommandLineName} "));
        }
    }

    [Fact]
    public void Every_option_of_every_command_is_described_with_its_default()
    {
        var root = StudioCli.Build(new CliContext(new StudioOptions(), TextWriter.Null, TextWriter.Null));
        var commands = root.Subcommands.Prepend(root).ToArray();
        Assert.Equal(["train", "evaluate", "predict", "export", "crossvalidate", "bench", "bench-api"], root.Subcommands.Select(c => c.Name));
        foreach (var option in commands.SelectMany(c => c.Options).Where(o => o.Name is not ("--help" or "--version")))
        {
            Assert.False(string.IsNullOrWhiteSpace(option.Description), $"{option.Name} has no description");
            bool isSwitch = option.ValueType == typeof(bool);
            Assert.True(isSwitch || option.Required || option.HasDefaultValue || option.Description!.Contains("Default", StringComparison.Ordinal),
                $"{option.Name}: neither a default value nor a described default");
        }
    }

    [Fact]
    public void Every_training_option_typed_on_the_command_line_reaches_the_options()
    {
        var defaults = new TrainingOptions();
        var flags = new TrainingOptionFlags(defaults);
        var command = new Command("train");
        flags.AddTo(command);
        var args = new List<string>();
        var expected = new Dictionary<string, object?>();
        foreach (var option in TrainingOptionCatalog.All)
        {
            var value = Different(option, option.ValueIn(defaults));
            args.Add($"--{option.CommandLineName}");
            args.Add(option.Format(value));
            expected[option.Property.Name] = value;
        }
        var parse = command.Parse(args);
        Assert.Empty(parse.Errors);
        var read = flags.Read(parse, defaults);
        foreach (var option in TrainingOptionCatalog.All) Assert.Equal(expected[option.Property.Name], option.ValueIn(read));

        // Options not typed keep the configured defaults, untouched.
        Assert.Equal(defaults, flags.Read(command.Parse([]), defaults));
    }

    [Fact]
    public async Task Appsettings_overrides_the_defaults_that_help_shows_and_switches_read_as_words()
    {
        var config = _temp.Combine("appsettings.json");
        File.WriteAllText(config, """{ "Studio": { "Training": { "Epochs": 33, "FineTune": "auto", "Augment": "off" } } }""");
        Assert.Equal(33, StudioOptionsFile.Load(config).Training.Epochs);
        Assert.Null(StudioOptionsFile.Load(config).Training.FineTune);
        Assert.False(StudioOptionsFile.Load(config).Training.Augment);

        var (code, help, _) = await Run("train", "--help", "--config", config);
        Assert.Equal(0, code);
        Assert.Contains("[default: 33]", Line(help, "--epochs "));
        Assert.Contains("[default: auto]", Line(help, "--fine-tune "));
        Assert.Contains("[default: off]", Line(help, "--augment "));
    }

    [Theory]
    [InlineData("--fine-tune", "sometimes", "is not one of on, off, auto")]
    [InlineData("--balance", "auto", "is not one of on, off")]
    [InlineData("--hidden", "1.5", "is not a whole number")]
    [InlineData("--dropout", "half", "is not a number")]
    public async Task A_bad_value_is_one_line_naming_the_option(string name, string value, string complaint)
    {
        var (code, output, error) = await Run("train", "x", "--out", "m", name, value);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"error: {name}: '{value}' {complaint}", error.Trim());
    }

    private static string Line(string help, string start) =>
        help.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith(start, StringComparison.Ordinal)) ?? $"(no line for {start})";

    private static object? Different(TrainingOptionInfo option, object? value) => value switch
    {
        int i => i + 1,
        double d => Math.Round(d + 0.125, 6),
        bool b => !b,
        null when option.IsOnOffAuto => true,
        string or null => "changed",
        _ => throw new NotSupportedException(option.Property.Name),
    };
}
