using SkinCancer.Studio.Core.Catalogue;

namespace SkinCancer.Studio.Web.Uploads;

/// <summary>
/// At start-up no upload is in flight, so whatever a staging folder holds was left by a process that died mid-upload
/// (a SIGKILL leaves the partial file): it is removed before the studio serves.
/// </summary>
public sealed class StagingCleanup(ProjectFolders folders, ILogger<StagingCleanup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        int removed = folders.ClearStaging();
        if (removed > 0) logger.LogWarning("Removed {Count} file(s) left in upload staging by an earlier process", removed);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
