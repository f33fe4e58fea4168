using System.CommandLine;
using System.CommandLine.Help;
using SkinCancer.Studio.Cli.Commands;
using SkinCancer.Studio.Cli.Options;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Datasets;
using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Cli;

/// <summary>
/// Entry point of the `studio` command (System.CommandLine): the command tree, and the mapping of failures to exit codes
/// and one-line messages: 0 done, 1 unusable data, 2 bad arguments, 130 cancelled.
/// </summary>
internal static class StudioCli
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadArguments = 2;
    public const int Cancelled = 130;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var invocation = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            // Failures are ours to report (one line, our exit codes); Ctrl+C is already wired to cancellationToken.
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        try
        {
            // --config and --workspace are read first: appsettings.json's training defaults are the defaults every
            // option shows in --help and takes when it is not given.
            var firstPass = Build(new CliContext(new StudioOptions(), stdout, stderr)).Parse(args);
            var context = new CliContext(LoadOptions(firstPass), stdout, stderr);
            var root = Build(context);
            if (args.Length == 0)
            {
                await root.Parse(["--help"]).InvokeAsync(invocation, cancellationToken);
                return BadArguments;
            }
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
            {
                // "Unrecognized command or argument 'x'" says more than "Required command was not provided".
                var error = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
                stderr.WriteLine($"error: {error.Message}");
                return BadArguments;
            }
            return await parse.InvokeAsync(invocation, cancellationToken);
        }
        catch (Exception e) when (e is UsageException or ArgumentException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return BadArguments;
        }
        catch (Exception e) when (e is DatasetException or ModelLoadException or FileNotFoundException or DirectoryNotFoundException
                                      or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return Failed;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("cancelled");
            return Cancelled;
        }
    }

    /// <summary>The whole command tree; every command's options are declared where the command is.</summary>
    internal static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("SkinCancer.Studio on the command line: train image classifiers, score them, predict and export, with the studio's engine.")
        {
            CommonFlags.Workspace(),
            CommonFlags.Config(),
        };
        root.Subcommands.Add(TrainCommand.Create(context));
        root.Subcommands.Add(EvaluateCommand.Create(context));
        root.Subcommands.Add(PredictCommand.Create(context));
        root.Subcommands.Add(ExportCommand.Create(context));
        root.Subcommands.Add(CrossValidateCommand.Create(context));
        root.Subcommands.Add(BenchCommand.Create(context));
        root.Subcommands.Add(ApiBenchCommand.Create(context));
        return root;
    }

    private static StudioOptions LoadOptions(ParseResult parse)
    {
        var configPath = parse.GetValue<string?>("--config");
        if (configPath is not null && !File.Exists(configPath)) throw new UsageException($"config file not found: {configPath}");
        var options = StudioOptionsFile.Load(configPath ?? StudioOptionsFile.Find());
        var workspace = parse.GetValue<string?>("--workspace");
        // A folder typed on the command line means the one relative to where the user is, as for every other path argument.
        return workspace is null ? options : options with { Workspace = Path.GetFullPath(workspace) };
    }
}

internal sealed record CliContext(StudioOptions Options, TextWriter Out, TextWriter Error);
