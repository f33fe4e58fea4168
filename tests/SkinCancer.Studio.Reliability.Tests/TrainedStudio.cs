using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>The test classes that share one <see cref="TrainedStudio"/> (trained once, run one after the other).</summary>
[CollectionDefinition(TrainedStudio.Collection)]
public sealed class TrainedStudioCollection : ICollectionFixture<TrainedStudio>;

/// <summary>A workspace holding one completed run, trained here with the real backbone, served by the real process.</summary>
public sealed class TrainedStudio : IAsyncLifetime
{
    public const string Collection = "trained studio";

    private readonly TempFolder _folder = new();

    internal StudioProcess App { get; private set; } = null!;
    public string ProjectId { get; private set; } = "";
    public string RunId { get; private set; } = "";
    public byte[] Jpeg { get; } = GeneratedImages.Jpeg(7);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder.Workspace);
        var catalogue = new StudioCatalogue(_folder.Workspace);
        var folders = new ProjectFolders(_folder.Workspace);
        ProjectId = catalogue.Projects.Create("trained").Id;
        var train = Path.Combine(_folder.Path, "train");
        for (int i = 0; i < 4; i++)
        {
            foreach (var (label, seed) in new[] { ("a", i), ("b", 100 + i) })
            {
                Directory.CreateDirectory(Path.Combine(train, label));
                await File.WriteAllBytesAsync(Path.Combine(train, label, $"{i}.png"), GeneratedImages.Png(seed));
            }
        }
        var options = new TrainingOptions { Epochs = 2, HiddenUnits = 8, Augment = false, TestTimeAugmentation = false };
        RunId = catalogue.Runs.Create(ProjectId, options, ["a", "b"], 8).Id;
        await new TrainingPipeline(ResNet18Backbone.Shared, new FeatureCache(_folder.Workspace), new StudioLimits())
            .TrainAsync(train, options, folders.Model(ProjectId, RunId));
        catalogue.Runs.MarkEnded(RunId, RunStatus.Completed, "trained by the test", 1.0, 1);
        App = StudioProcess.Start("127.0.0.1", _folder.Workspace);
        await App.WaitUntilServingAsync();
    }

    public HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(App.LoopbackUrl), Timeout = TimeSpan.FromMinutes(3) };

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        _folder.Dispose();
    }
}
