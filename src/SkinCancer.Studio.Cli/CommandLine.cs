using System.Globalization;

namespace SkinCancer.Studio.Cli;

/// <summary>A parsed command line: the command, its positional arguments and its --options.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string?> _options;
    private readonly HashSet<string> _used = [];

    private CommandLine(string command, List<string> positional, Dictionary<string, string?> options)
    {
        Command = command;
        Positional = positional;
        _options = options;
    }

    public string Command { get; }
    public IReadOnlyList<string> Positional { get; }

    /// <summary>Options that take no value.</summary>
    private static readonly HashSet<string> Flags = ["json", "help", "no-cache"];

    public static CommandLine Parse(string[] args)
    {
        if (args.Length == 0) throw new UsageException("no command given");
        var positional = new List<string>();
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (int i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                var name = arg[2..];
                string? value = null;
                int eq = name.IndexOf('=');
                if (eq >= 0)
                {
                    value = name[(eq + 1)..];
                    name = name[..eq];
                }
                else if (!Flags.Contains(name))
                {
                    if (i + 1 >= args.Length) throw new UsageException($"--{name} needs a value");
                    value = args[++i];
                }
                options[name] = value;
            }
            else
            {
                positional.Add(arg);
            }
        }
        return new CommandLine(args[0], positional, options);
    }

    public bool Flag(string name)
    {
        _used.Add(name);
        return _options.ContainsKey(name);
    }

    public string? String(string name)
    {
        _used.Add(name);
        return _options.GetValueOrDefault(name);
    }

    public int? Int(string name) => Parse(name, s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture));

    public double? Double(string name) => Parse(name, s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture));

    private T? Parse<T>(string name, Func<string, T> parse) where T : struct
    {
        var text = String(name);
        if (text is null) return null;
        try
        {
            return parse(text);
        }
        catch (FormatException)
        {
            throw new UsageException($"--{name}: '{text}' is not a valid number");
        }
        catch (OverflowException)
        {
            throw new UsageException($"--{name}: '{text}' is out of range");
        }
    }

    /// <summary>Refuses options the command does not know, so a typo is not silently ignored.</summary>
    public void RejectUnknownOptions()
    {
        var unknown = _options.Keys.Where(k => !_used.Contains(k)).ToArray();
        if (unknown.Length > 0) throw new UsageException($"unknown option --{unknown[0]} for '{Command}'");
    }

    public void RequirePositional(int count, string usage)
    {
        if (Positional.Count < count) throw new UsageException($"missing arguments; usage: {usage}");
    }
}

internal sealed class UsageException(string message) : Exception(message);
