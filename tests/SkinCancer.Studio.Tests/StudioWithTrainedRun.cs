using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Tests;

/// <summary>An in-process studio over a fresh workspace holding one project with a completed run, trained with the real backbone on 12 generated images.</summary>
internal sealed record StudioWithTrainedRun(WebApplicationFactory<Program> Factory, string ProjectId, string RunId, string[] TrainingImages)
{
    public static async Task<StudioWithTrainedRun> CreateAsync(string workspace, string projectName)
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Studio:Workspace", workspace));
        var catalogue = factory.Services.GetRequiredService<StudioCatalogue>();
        var folders = factory.Services.GetRequiredService<ProjectFolders>();
        var projectId = catalogue.Projects.Create(projectName).Id;

        var train = Path.Combine(workspace, "train");
        var images = GeneratedImages.TwoClasses(train);
        var options = new TrainingOptions { Epochs = 3, HiddenUnits = 8, Augment = false };
        var runId = catalogue.Runs.Create(projectId, options, ["a", "b"], images.Length).Id;
        await new TrainingPipeline(ResNet18Backbone.Shared, new FeatureCache(workspace), new StudioLimits())
            .TrainAsync(train, options, folders.Model(projectId, runId));
        catalogue.Runs.MarkEnded(runId, RunStatus.Completed, "trained by the test", 1.0, 1);
        return new StudioWithTrainedRun(factory, projectId, runId, images);
    }
}
