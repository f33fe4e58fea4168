using Microsoft.Extensions.DependencyInjection;
using SkinCancer.Studio.Web.Components.Training;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Features;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Core.Training;
using SkinCancer.Studio.FineTuning.Training;
using SkinCancer.Studio.Web.Serving;

namespace SkinCancer.Studio.Tests;

/// <summary>
/// Five real runs of one generated project through the real pipeline and fine-tuning phase (fine-tune on; off; auto over
/// its budget; augmented after the fast model; augmented from the start with an ensemble of heads); the run list and the run's page are rendered from the metadata.json each run wrote.
/// </summary>
public sealed class FineTuningRunListTests : IClassFixture<FineTuningRunListTests.TrainedRuns>
{
    private readonly TrainedRuns _runs;

    public FineTuningRunListTests(TrainedRuns runs) => _runs = runs;

    [Fact]
    public async Task The_run_list_says_per_run_whether_it_fine_tuned_which_network_it_kept_and_each_phases_time()
    {
        await using var context = _runs.Context();
        var list = context.Render<RunList>(p => p.Add(l => l.Runs, _runs.Catalogue.Runs.List(_runs.ProjectId)));

        string Verdict(string runId) => Row(list, runId).QuerySelector("[data-testid=run-fine-tuning-verdict]")!.TextContent.Trim();
        string Phases(string runId) => Row(list, runId).QuerySelector("[data-testid=run-phases]")!.TextContent.Trim();

        var tuned = _runs.Metadata(_runs.FineTuned).FineTuning!;
        Assert.True(tuned.Ran, tuned.Reason);
        Assert.Equal(tuned.Kept ? "on: kept fine-tuned stage4" : "on: kept frozen (fine-tuned stage4 did not validate better)", Verdict(_runs.FineTuned));
        Assert.Matches(@"^featurize [\d.]+ s · head [\d.]+ s · stage-maps [\d.]+ s · fine-tune [\d.]+ s$", Phases(_runs.FineTuned));

        Assert.Equal("off", Verdict(_runs.Frozen));
        Assert.Matches(@"^featurize [\d.]+ s · head [\d.]+ s$", Phases(_runs.Frozen));

        var skipped = _runs.Metadata(_runs.OverBudget).FineTuning!;
        Assert.False(skipped.Ran);
        Assert.StartsWith("auto: not run (estimated ", Verdict(_runs.OverBudget));
        Assert.Contains("over the 0.0 min budget", Verdict(_runs.OverBudget));
    }

    [Fact]
    public async Task The_runs_page_says_which_network_was_kept_and_compares_frozen_and_fine_tuned_validation()
    {
        await using var context = _runs.Context();
        var info = _runs.Metadata(_runs.FineTuned).FineTuning!;
        var page = context.Render<FineTuningSummary>(p => p.Add(s => s.Run, _runs.Catalogue.Runs.Get(_runs.FineTuned)!));

        var summary = page.Find("[data-testid=fine-tuning-summary]");
        Assert.Equal("true", summary.GetAttribute("data-ran"));
        Assert.Equal(info.Kept ? "true" : "false", summary.GetAttribute("data-kept"));
        Assert.Contains(info.Kept ? "Kept the fine-tuned network" : "Kept the frozen network", page.Find("[data-testid=fine-tuning-kept]").TextContent);
        Assert.Contains(info.Reason, page.Find("[data-testid=fine-tuning-kept]").TextContent);
        var frozen = page.Find("[data-testid=frozen-row]").TextContent;
        Assert.Contains(info.FrozenValidationLoss!.Value.ToString("F4"), frozen);
        Assert.Contains(info.FrozenValidationAccuracy!.Value.ToString("P1"), frozen);
        var tuned = page.Find("[data-testid=fine-tuned-row]").TextContent;
        Assert.Contains(info.FineTunedValidationLoss!.Value.ToString("F4"), tuned);
        Assert.Contains($"best epoch {info.BestEpoch} of {info.EpochsRun}", tuned);
        Assert.Contains(info.TrainingPrecision is "bfloat16" ? "(bfloat16 steps" : "(float32 steps", tuned);
        Assert.Equal(info.WeightAverage, tuned.Contains("weight average kept", StringComparison.Ordinal));

        var off = context.Render<FineTuningSummary>(p => p.Add(s => s.Run, _runs.Catalogue.Runs.Get(_runs.Frozen)!));
        Assert.Equal("false", off.Find("[data-testid=fine-tuning-summary]").GetAttribute("data-ran"));
        Assert.Contains("Not run: fine-tuning is off", off.Markup);
    }

    [Fact]
    public async Task A_run_augmented_after_its_fast_model_says_which_head_it_kept_and_why_and_charts_both_heads()
    {
        await using var context = _runs.Context();
        var metadata = _runs.Metadata(_runs.Augmented);
        var info = metadata.Augmentation!;
        Assert.Equal(AugmentationInfo.AfterFastModel, info.When);
        var page = context.Render<FineTuningSummary>(p => p.Add(s => s.Run, _runs.Catalogue.Runs.Get(_runs.Augmented)!));
        var summary = page.Find("[data-testid=augmentation-summary]");
        Assert.Equal(info.Kept ? "true" : "false", summary.GetAttribute("data-kept"));
        Assert.Contains(info.Kept ? "Kept the head trained on the eight flips and rotations" : "Kept the fast model's head", summary.TextContent);
        Assert.Contains(info.Reason, summary.TextContent);
        Assert.Equal(info.Kept, metadata.TestTimeViews.Count == 8);

        // Runs that did not augment after a fast model show no such block.
        Assert.Empty(context.Render<FineTuningSummary>(p => p.Add(s => s.Run, _runs.Catalogue.Runs.Get(_runs.Frozen)!)).FindAll("[data-testid=augmentation-summary]"));

        var list = context.Render<RunList>(p => p.Add(l => l.Runs, _runs.Catalogue.Runs.List(_runs.ProjectId)));
        Assert.Matches(@"^featurize [\d.]+ s · head [\d.]+ s · augment [\d.]+ s$", Row(list, _runs.Augmented).QuerySelector("[data-testid=run-phases]")!.TextContent.Trim());

        // The augmented head's epochs follow the fast head's in the catalogue, on the head's series of the chart.
        var epochs = _runs.Catalogue.Runs.ListEpochs(_runs.Augmented);
        Assert.Equal(Enumerable.Range(1, epochs.Count), epochs.Select(e => e.Epoch));
        Assert.Contains(epochs, e => e.Phase == TrainingPipeline.AugmentedPhase);
        int head = epochs.TakeWhile(e => e.Phase == "head").Count();
        Assert.InRange(head, 1, epochs.Count - 1);
        Assert.All(epochs.Skip(head), e => Assert.Equal(TrainingPipeline.AugmentedPhase, e.Phase));
        Assert.Equal(["train loss", "val loss"], TrainingChartSeries.Build(epochs).Loss.Select(s => s.Name));
    }

    [Fact]
    public async Task A_run_with_an_ensemble_of_heads_says_so_on_its_page_and_single_head_runs_do_not()
    {
        await using var context = _runs.Context();
        var metadata = _runs.Metadata(_runs.Ensemble);
        Assert.Equal((3, 24, true), (metadata.Hyperparameters.EnsembleSize, metadata.Head.HiddenUnits, metadata.Validation.OutOfFold));
        // Out of fold, every image trained some head and was validated by the one that did not train on it.
        Assert.Equal(metadata.Validation.TrainImages, metadata.Validation.ValidationImages);
        var page = context.Render<FineTuningSummary>(p => p.Add(s => s.Run, _runs.Catalogue.Runs.Get(_runs.Ensemble)!));
        Assert.Contains("an ensemble of 3 heads of 8 hidden units, each validated on the 1/3 of the images it did not train on, saved as one head of 24 whose logits are their mean",
            page.Find("[data-testid=ensemble-summary]").TextContent);

        Assert.Contains("(trained on the eight views from the start)", page.Find("[data-testid=ensemble-summary]").TextContent);

        // A single head says nothing of an ensemble.
        Assert.Equal((8, false), (_runs.Metadata(_runs.Frozen).Head.HiddenUnits, _runs.Metadata(_runs.Frozen).Validation.OutOfFold));
        Assert.Empty(context.Render<FineTuningSummary>(p => p.Add(s => s.Run, _runs.Catalogue.Runs.Get(_runs.Frozen)!)).FindAll("[data-testid=ensemble-summary]"));

        // After a fast model (one head), the head on the eight views is an ensemble out of fold; the page says so where
        // the run kept it.
        var augmented = _runs.Metadata(_runs.Augmented);
        var augmentedPage = context.Render<FineTuningSummary>(p => p.Add(s => s.Run, _runs.Catalogue.Runs.Get(_runs.Augmented)!));
        Assert.Equal(augmented.Augmentation!.Kept, augmented.Validation.OutOfFold);
        Assert.Equal(augmented.Augmentation.Kept ? (8 * 2, 2) : (8, 1), (augmented.Head.HiddenUnits, augmented.Hyperparameters.EnsembleSize));
        if (augmented.Augmentation.Kept)
        {
            Assert.Contains("(trained on the eight views after the fast model)", augmentedPage.Find("[data-testid=ensemble-summary]").TextContent);
        }
        else
        {
            Assert.Empty(augmentedPage.FindAll("[data-testid=ensemble-summary]"));
        }
    }

    [Fact]
    public async Task Fine_tuning_epochs_keep_their_phase_in_the_catalogue_and_the_chart_marks_where_they_begin()
    {
        var epochs = _runs.Catalogue.Runs.ListEpochs(_runs.FineTuned);
        var first = epochs.First(e => e.Phase == TrainingChartSeries.FineTunePhase).Epoch;
        Assert.Equal(epochs.Count(e => e.Phase == "head") + 1, first);
        Assert.All(epochs.Where(e => e.Epoch >= first), e => Assert.Equal("fine-tune", e.Phase));

        await using var context = _runs.Context();
        var chart = context.Render<TrainingChart>(p => p.Add(c => c.Epochs, epochs));
        Assert.Equal(first.ToString(), chart.Find("[data-testid=training-chart]").GetAttribute("data-fine-tune-start"));
        Assert.Contains($"Fine-tuning begins at epoch {first}", chart.Find("[data-testid=fine-tune-marker]").TextContent);

        var series = TrainingChartSeries.Build(epochs);
        Assert.Equal(["train loss", "val loss", "train loss (fine-tune)", "val loss (fine-tune)"], series.Loss.Select(s => s.Name));
        Assert.Equal($"{first} ft", series.Labels[first - 1]);
        Assert.False(series.Loss[2].Data[first - 2].HasValue);
        Assert.True(series.Loss[2].Data[first - 1].HasValue);
    }

    [Fact]
    public async Task A_run_with_its_frozen_model_saved_offers_it_while_fine_tuning_and_after_a_cancel_and_says_which_model_it_is()
    {
        await using var context = _runs.Context();
        var catalogue = _runs.Catalogue;
        string Started(bool saved, RunStatus? ended = null)
        {
            var runId = catalogue.Runs.Create(_runs.ProjectId, new TrainingOptions { FineTune = true }, ["a", "b"], 20).Id;
            catalogue.Runs.MarkStarted(runId);
            if (saved) catalogue.Runs.MarkModelSaved(runId, 0.8, 3);
            if (ended is { } status) catalogue.Runs.MarkEnded(runId, status, "cancelled by the user after the fast model was saved: that frozen model is kept");
            return runId;
        }
        var (bare, tuning, cancelled) = (Started(saved: false), Started(saved: true), Started(saved: true, RunStatus.Cancelled));
        var list = context.Render<RunList>(p => p.Add(l => l.Runs, catalogue.Runs.List(_runs.ProjectId)));

        Assert.Empty(Row(list, bare).QuerySelectorAll("[data-testid=download-model]"));
        Assert.NotNull(Row(list, bare).QuerySelector("[data-testid=cancel-run]"));

        Assert.NotNull(Row(list, tuning).QuerySelector("[data-testid=download-model]"));
        Assert.NotNull(Row(list, tuning).QuerySelector("[data-testid=try-in-browser]"));
        Assert.NotNull(Row(list, tuning).QuerySelector("[data-testid=cancel-run]"));
        Assert.Equal("frozen model ready, training goes on", Row(list, tuning).QuerySelector("[data-testid=frozen-model-ready]")!.TextContent.Trim());
        Assert.Equal("80.0%", Row(list, tuning).QuerySelector("[data-testid=run-accuracy]")!.TextContent.Trim().Replace(" ", ""));

        Assert.NotNull(Row(list, cancelled).QuerySelector("[data-testid=download-model]"));
        Assert.Null(Row(list, cancelled).QuerySelector("[data-testid=cancel-run]"));
        Assert.Equal("frozen model kept", Row(list, cancelled).QuerySelector("[data-testid=frozen-model-ready]")!.TextContent.Trim());

        // Where a model is picked (Try, Evaluate), the title says that it is the frozen one.
        Assert.EndsWith(" · frozen model (training goes on)", RunModelTitle.Of(catalogue.Runs.Get(tuning)!));
        Assert.EndsWith(" · frozen model (training cancelled)", RunModelTitle.Of(catalogue.Runs.Get(cancelled)!));
        Assert.DoesNotContain("frozen", RunModelTitle.Of(catalogue.Runs.Get(_runs.FineTuned)!));
    }

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<RunList> list, string runId) =>
        list.FindAll("tr").Single(r => r.QuerySelector($"[data-run-id='{runId}']") is not null);

    /// <summary>The project and its five completed runs, trained once for the class.</summary>
    public sealed class TrainedRuns : IAsyncLifetime
    {
        private readonly TempWorkspace _workspace = new();

        public StudioCatalogue Catalogue { get; private set; } = null!;
        public ProjectFolders Folders { get; private set; } = null!;
        public string ProjectId { get; private set; } = "";
        public string FineTuned { get; private set; } = "";
        public string Frozen { get; private set; } = "";
        public string OverBudget { get; private set; } = "";
        public string Augmented { get; private set; } = "";
        public string Ensemble { get; private set; } = "";

        public async Task InitializeAsync()
        {
            Catalogue = new StudioCatalogue(_workspace.Path);
            Folders = new ProjectFolders(_workspace.Path);
            ProjectId = Catalogue.Projects.Create("compare runs").Id;
            var train = Path.Combine(_workspace.Path, "train");
            for (int i = 0; i < 10; i++)
            {
                GeneratedImages.Png(Path.Combine(train, "a", $"{i}.png"), i, 64);
                GeneratedImages.Png(Path.Combine(train, "b", $"{i}.png"), 100 + i, 64);
            }
            var pipeline = new TrainingPipeline(ResNet18Backbone.Shared, new FeatureCache(_workspace.Path), new StudioLimits(), new StageFourFineTuning());
            var quick = new TrainingOptions
            {
                Epochs = 3, HiddenUnits = 8, Augment = false, ValidationSplit = 0.3,
                FineTuneEpochs = 2, FineTunePatience = 2, FineTuneBatchSize = 8, FineTuneViews = 1,
            };
            async Task<string> Train(TrainingOptions options)
            {
                var runId = Catalogue.Runs.Create(ProjectId, options, ["a", "b"], 20).Id;
                Catalogue.Runs.MarkStarted(runId);
                await pipeline.TrainAsync(train, options, Folders.Model(ProjectId, runId),
                    p => { if (p is EpochMetrics e) Catalogue.Runs.AddEpoch(runId, e); });
                Catalogue.Runs.MarkEnded(runId, RunStatus.Completed, "trained by the test");
                return runId;
            }
            FineTuned = await Train(quick with { FineTune = true });
            Frozen = await Train(quick with { FineTune = false });
            OverBudget = await Train(quick with { FineTune = null, FineTuneBudgetMinutes = 0 });
            Augmented = await Train(quick with { Augment = null, AutoAugmentMaxImages = 5, FineTune = false, EnsembleSize = 2 });
            Ensemble = await Train(quick with { Augment = true, EnsembleSize = 3, FineTune = false });
        }

        public ModelMetadata Metadata(string runId) => ModelPackage.Load(Folders.Model(ProjectId, runId)).Metadata;

        public BunitContext Context()
        {
            var context = StudioTestContext.Create();
            context.Services.AddSingleton(new RunModels(Catalogue, Folders));
            return context;
        }

        public Task DisposeAsync()
        {
            _workspace.Dispose();
            return Task.CompletedTask;
        }
    }
}
