using Microsoft.Extensions.Options;
using MudBlazor.Services;
using SkinCancer.Studio.Web.Components;
using SkinCancer.Studio.Web.Configuration;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Explanations;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Web.Api;
using SkinCancer.Studio.Web.Evaluations;
using SkinCancer.Studio.FineTuning.Training;
using SkinCancer.Studio.Web.Projects;
using SkinCancer.Studio.Web.Security;
using SkinCancer.Studio.Web.Serving;
using SkinCancer.Studio.Web.Training;
using SkinCancer.Studio.Web.Uploads;

namespace SkinCancer.Studio.Web;

/// <summary>All DI wiring and the HTTP pipeline, so Program.cs stays a few lines.</summary>
public static class StudioServiceExtensions
{
    public static WebApplicationBuilder AddStudioServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StudioOptions>()
            .Configure<IConfiguration>((options, configuration) => StudioOptionsBinding.Bind(configuration, options))
            .Validate(o => { o.Training.Validate(); return true; })
            .ValidateOnStart();
        builder.Services.AddOptions<TrainingWorkerOptions>()
            .BindConfiguration(TrainingWorkerOptions.SectionName)
            .Validate(o => { o.Validate(); return true; })
            .ValidateOnStart();
        // Each upload batch reports one outcome per file back through the circuit; long file names can pass the 32 KB default.
        builder.Services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(o => o.MaximumReceiveMessageSize = 512 * 1024);
        builder.Services.AddMudServices();
        builder.Services.AddStudioApi();
        builder.Services.AddStudioAccess();
        builder.Services.AddStudioCore();
        return builder;
    }

    /// <summary>
    /// Everything that touches the workspace is a singleton: the catalogue and feature cache open a connection per call,
    /// the backbone is one ONNX session per process, and the queue, worker and notifier are shared by all circuits.
    /// </summary>
    public static IServiceCollection AddStudioCore(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<StudioOptions>>().Value.Limits);
        services.AddSingleton(sp => new ProjectFolders(sp.GetRequiredService<IOptions<StudioOptions>>().Value.ResolveWorkspace()));
        services.AddSingleton(sp => new StudioCatalogue(sp.GetRequiredService<ProjectFolders>().Workspace));
        services.AddSingleton(sp => new FeatureCache(sp.GetRequiredService<ProjectFolders>().Workspace));
        // Registered as an instance so that no container disposes the process-wide session (tests build several hosts).
        services.AddSingleton(ResNet18Backbone.Shared);
        // Constructing it loads nothing of TorchSharp: its natives load when a run first fine-tunes.
        services.AddSingleton<IFineTuningPhase>(new StageFourFineTuning());
        // The fast model first: a run that fine-tunes saves its frozen model before the phase, and the studio serves it at once.
        services.AddSingleton(sp => new TrainingPipeline(sp.GetRequiredService<ResNet18Backbone>(), sp.GetRequiredService<FeatureCache>(),
            sp.GetRequiredService<StudioLimits>(), sp.GetService<IFineTuningPhase>()) { SaveFrozenModelFirst = true });
        services.AddSingleton<ModelRunner>();
        services.AddSingleton(sp => new ModelExplainer(sp.GetRequiredService<StudioLimits>()));
        services.AddSingleton<ExplanationService>();
        services.AddSingleton<ImageIngest>();
        services.AddSingleton<TestSetIngest>();
        services.AddSingleton<ProjectClasses>();
        services.AddSingleton<ProjectDeletion>();
        services.AddSingleton<UploadReceiver>();
        services.AddSingleton<EvaluationService>();
        services.AddSingleton<RunProgressNotifier>();
        services.AddSingleton<TrainingQueue>();
        services.AddSingleton<RunModels>();
        services.AddSingleton<RunExports>();
        services.AddSingleton<CachedZips>();
        services.AddHostedService<StagingCleanup>();
        services.AddHostedService<TrainingWorker>();
        return services;
    }

    public static WebApplication UseStudioPipeline(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseLoopbackPortCheck();
        app.UseOriginCheck();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }
        app.UseApiProblems();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.UseJsonBodyLimits();
        app.MapSignInEndpoints();
        app.MapStudioApi();
        app.MapTryInBrowser();
        app.MapOpenApi();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
