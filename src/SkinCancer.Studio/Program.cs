using SkinCancer.Studio;

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
app.UseStudioPipeline();
app.Run();
