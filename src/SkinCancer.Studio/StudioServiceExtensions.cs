using MudBlazor.Services;
using SkinCancer.Studio.Components;
using SkinCancer.Studio.Core.Configuration;

namespace SkinCancer.Studio;

/// <summary>All DI wiring and the HTTP pipeline, so Program.cs stays a few lines.</summary>
public static class StudioServiceExtensions
{
    public static WebApplicationBuilder AddStudioServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StudioOptions>()
            .BindConfiguration(StudioOptions.SectionName)
            .Validate(o => { o.Training.Validate(); return true; })
            .ValidateOnStart();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        return builder;
    }

    public static WebApplication UseStudioPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
