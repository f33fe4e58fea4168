using SkinCancer.Studio.Cli;
using SkinCancer.Studio.Cli.Commands;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await StudioCli.RunAsync(args, Console.Out, Console.Error, cancel.Token);
