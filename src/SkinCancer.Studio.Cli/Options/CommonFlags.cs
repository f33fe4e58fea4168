using System.CommandLine;

namespace SkinCancer.Studio.Cli.Options;

/// <summary>Options several commands share. Each call makes a new option: a command owns its symbols.</summary>
internal static class CommonFlags
{
    public static Option<bool> Json() => new("--json")
    {
        Description = "Print the result as JSON on stdout; progress and messages go to stderr.",
    };

    public static Option<bool> NoCache() => new("--no-cache")
    {
        Description = "Compute every image's features again instead of reading or filling the workspace's feature cache.",
    };

    public static Option<double?> Threshold() => new("--threshold")
    {
        Description = "Two-class models: the decision threshold on the positive class's probability, to try another operating point without retraining. Default: the model's own.",
        HelpName = "X",
    };

    /// <summary>Recursive: `studio train … --workspace w` and `studio --workspace w train …` mean the same.</summary>
    public static Option<string?> Workspace() => new("--workspace")
    {
        Description = "Folder of the feature cache (and the studio's projects). Default: Studio:Workspace in appsettings.json.",
        HelpName = "dir",
        Recursive = true,
    };

    public static Option<string?> Config() => new("--config")
    {
        Description = "appsettings.json to read Studio settings and training defaults from. Default: the one in the current folder, else the one beside the program.",
        HelpName = "file",
        Recursive = true,
    };

    public static Option<T> Value<T>(string name, T defaultValue, string description, string helpName) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        HelpName = helpName,
    };
}
