using SkinCancer.Studio.Core.Features;

namespace SkinCancer.Studio.Cli.Commands;

internal static class CommandServices
{
    public static FeatureCache? Cache(CliContext context, bool enabled) =>
        enabled ? new FeatureCache(context.Options.ResolveWorkspace()) : null;

    public static ProgressBar ProgressBar(CliContext context) =>
        new(context.Error, interactive: !Console.IsErrorRedirected && ReferenceEquals(context.Error, Console.Error));
}
