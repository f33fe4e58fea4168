using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using SkinCancer.Studio.Core.Catalogue;

namespace SkinCancer.Studio.Web.Security;

/// <summary>
/// The keys that encrypt sign-in cookies (and the antiforgery tokens) live in the workspace (keys/), not in the user's
/// profile: a cookie from one studio means nothing to another studio with another workspace, and a restart keeps them.
/// </summary>
public static class WorkspaceDataProtection
{
    public static IServiceCollection AddWorkspaceDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("SkinCancer.Studio");
        services.AddOptions<KeyManagementOptions>().Configure<ProjectFolders, ILoggerFactory>((o, folders, loggers) =>
            o.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(folders.Workspace, "keys")), loggers));
        return services;
    }
}
