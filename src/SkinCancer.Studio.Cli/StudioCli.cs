using SkinCancer.Studio.Cli.Commands;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Data;
using SkinCancer.Studio.Core.Models;

namespace SkinCancer.Studio.Cli;

/// <summary>Entry point of the `studio` command: dispatch, and the mapping of failures to exit codes and one-line messages.</summary>
internal static class StudioCli
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadArguments = 2;
    public const int Cancelled = 130;

    public const string Usage = """
        usage: studio <command> [arguments]

          train <folder> --out <modelDir> [--epochs N] [--learning-rate X] [--batch-size N] [--hidden N]
                [--dropout X] [--validation-split X] [--seed N] [--features block3,block4] [--json]
          evaluate <modelDir> <folder> [--json]
          predict <modelDir> <image>... [--explain <dir>] [--json]
          bench <folder> [--limit N] [--json]
          crossvalidate <folder> [--folds 5] [--ensemble N] [--fine-tune on] [training options] [--json]
          export <modelDir> --format tfjs|onnx|webapp --out <dir> [--tfjs <path to tf.min.js>]
          bench-api --url <http://127.0.0.1:5000> --project <id> --run <id> <image folder or files...>
                [--requests 2000] [--concurrency 8] [--warmup N] [--token <secret>] [--server-pid <pid>] [--json]

        common options: --workspace <dir> (feature cache; default from appsettings.json), --config <appsettings.json>
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        try
        {
            if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
            {
                stdout.WriteLine(Usage);
                return args.Length == 0 ? BadArguments : Ok;
            }
            var line = CommandLine.Parse(args);
            var options = LoadOptions(line);
            var context = new CliContext(options, stdout, stderr);
            return line.Command switch
            {
                "train" => await TrainCommand.RunAsync(line, context, cancellationToken),
                "evaluate" => await EvaluateCommand.RunAsync(line, context, cancellationToken),
                "predict" => await PredictCommand.RunAsync(line, context, cancellationToken),
                "bench" => await BenchCommand.RunAsync(line, context, cancellationToken),
                "crossvalidate" => await CrossValidateCommand.RunAsync(line, context, cancellationToken),
                "export" => await ExportCommand.RunAsync(line, context, cancellationToken),
                "bench-api" => await ApiBenchCommand.RunAsync(line, context, cancellationToken),
                _ => throw new UsageException($"unknown command '{line.Command}' (train, evaluate, predict, bench, crossvalidate, export, bench-api)"),
            };
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return BadArguments;
        }
        catch (ArgumentException e)
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

    private static StudioOptions LoadOptions(CommandLine line)
    {
        var configPath = line.String("config");
        if (configPath is not null && !File.Exists(configPath)) throw new UsageException($"config file not found: {configPath}");
        var options = StudioOptionsFile.Load(configPath ?? StudioOptionsFile.Find());
        var workspace = line.String("workspace");
        // A folder typed on the command line means the one relative to where the user is, as for every other path argument.
        return workspace is null ? options : options with { Workspace = Path.GetFullPath(workspace) };
    }
}

internal sealed record CliContext(StudioOptions Options, TextWriter Out, TextWriter Error);
