using SkinCancer.Studio.Web;
using SkinCancer.Studio.Web.Security;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // appsettings.json lives at the repository root and is copied beside the binaries, for `dotnet run` and publish alike.
    ContentRootPath = AppContext.BaseDirectory,
});
// Serves MudBlazor's CSS/JS from a plain build in any environment (a no-op in publish output, which has the files).
builder.WebHost.UseStaticWebAssets();
builder.AddStudioServices();

var app = builder.Build();
if (ExposureCheck.Refusal(app.Configuration) is { } refusal)
{
    Console.Error.WriteLine(refusal);
    return 1;
}
app.UseStudioPipeline();
app.Run();
return 0;
