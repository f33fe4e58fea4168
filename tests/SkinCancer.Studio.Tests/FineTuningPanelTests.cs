using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using SkinCancer.Studio.Web.Components.Training;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Configuration;
using SkinCancer.Studio.Core.Pipeline;
using SkinCancer.Studio.Core.Training;
using SkinCancer.Studio.FineTuning.Training;
using SkinCancer.Studio.Web.Serving;
using SkinCancer.Studio.Web.Training;

namespace SkinCancer.Studio.Tests;

/// <summary>
/// The Train tab's fine-tuning panel over a real catalogue, queue and fine-tuning phase: it shows this machine's estimate
/// for the project's image count before a run, and what the panel says is what the queued run carries.
/// </summary>
public sealed class FineTuningPanelTests : IDisposable
{
    private const int ImagesPerClass = 60;
    private readonly TempWorkspace _workspace = new();
    private readonly StudioCatalogue _catalogue;
    private readonly string _projectId;

    public FineTuningPanelTests()
    {
        _catalogue = new StudioCatalogue(_workspace.Path);
        _projectId = _catalogue.Projects.Create("fine-tuning panel").Id;
        for (int i = 0; i < 2 * ImagesPerClass; i++)
        {
            string label = i % 2 == 0 ? "benign" : "malignant";
            _catalogue.Images.Add(new ImageRecord(0, _projectId, label, $"{i}.png", $"{i}.png", $"hash{i:D4}", 100, 32, 32));
        }
    }

    public void Dispose() => _workspace.Dispose();

    private BunitContext Context(TrainingOptions defaults)
    {
        var context = StudioTestContext.Create();
        var folders = new ProjectFolders(_workspace.Path);
        var notifier = new RunProgressNotifier();
        context.Services.AddSingleton(Options.Create(new StudioOptions { Training = defaults }));
        context.Services.AddSingleton(_catalogue);
        context.Services.AddSingleton(folders);
        context.Services.AddSingleton(notifier);
        context.Services.AddSingleton(new TrainingQueue(_catalogue, notifier));
        context.Services.AddSingleton(new RunModels(_catalogue, folders));
        context.Services.AddSingleton<IFineTuningPhase>(new StageFourFineTuning());
        return context;
    }

    [Fact]
    public async Task The_panel_draws_every_option_of_the_options_model_with_its_label_and_default()
    {
        var defaults = new TrainingOptions { Epochs = 33, FineTune = null };
        await using var context = Context(defaults);
        var tab = context.Render<TrainTab>(p => p.Add(t => t.ProjectId, _projectId));
        foreach (var option in Core.Training.Options.TrainingOptionCatalog.All)
        {
            Assert.NotNull(tab.Find($"[data-testid=option-{option.CommandLineName}]"));
            Assert.Contains(option.Label, tab.Markup, StringComparison.Ordinal);
            var shown = option.Format(option.ValueIn(defaults));
            if (shown.Length > 0) Assert.Contains($"default {shown}.", tab.Markup, StringComparison.Ordinal);
        }
        Assert.Contains("default 33.", tab.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Before_a_run_the_panel_shows_the_estimate_for_this_machine_and_whether_auto_fits_the_budget()
    {
        var defaults = new TrainingOptions { FineTune = null, FineTuneBudgetMinutes = 60, FineTuneMinImages = 0 };
        await using var context = Context(defaults);
        var tab = context.Render<TrainTab>(p => p.Add(t => t.ProjectId, _projectId));

        var expected = new StageFourFineTuning().Estimate(2 * ImagesPerClass, defaults);
        var estimate = tab.Find("[data-testid=fine-tuning-estimate]");
        Assert.Equal(expected.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture), estimate.GetAttribute("data-estimate-seconds"));
        Assert.Equal("true", estimate.GetAttribute("data-will-run"));
        Assert.Contains($"auto: will fine-tune stage 4, about {FineTuningForecast.Describe(expected)} on this machine for {2 * ImagesPerClass} images", estimate.TextContent);
        Assert.Contains("within the 60 min budget", estimate.TextContent);

        await ExpandAsync(tab);

        // A budget below the estimate: auto will not fine-tune, and the panel says so before anything starts.
        await tab.Find("input[data-testid=option-fine-tune-budget-minutes]").ChangeAsync("0");
        estimate = tab.Find("[data-testid=fine-tuning-estimate]");
        Assert.Equal("false", estimate.GetAttribute("data-will-run"));
        Assert.Contains("auto: will not run", estimate.TextContent);
        Assert.Contains("over the 0 min budget", estimate.TextContent);

        // Within the budget but below auto's image floor: auto will not fine-tune, and says why.
        await tab.Find("input[data-testid=option-fine-tune-budget-minutes]").ChangeAsync("60");
        await tab.Find("input[data-testid=option-fine-tune-min-images]").ChangeAsync("1000");
        estimate = tab.Find("[data-testid=fine-tuning-estimate]");
        Assert.Equal("false", estimate.GetAttribute("data-will-run"));
        Assert.Contains("auto: will not run for fewer than 1000 images", estimate.TextContent);

        // More views mean more stage maps: the estimate follows the settings as they are typed.
        await tab.Find("input[data-testid=option-fine-tune-epochs]").ChangeAsync("20");
        var longer = new StageFourFineTuning().Estimate(2 * ImagesPerClass, defaults with { FineTuneEpochs = 20 });
        Assert.Equal(longer.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture),
            tab.Find("[data-testid=fine-tuning-estimate]").GetAttribute("data-estimate-seconds"));
    }

    [Fact]
    public async Task The_fine_tuning_settings_typed_in_the_panel_are_the_ones_the_queued_run_carries()
    {
        await using var context = Context(new TrainingOptions { FineTune = false });
        var popovers = context.Render<MudPopoverProvider>();
        var tab = context.Render<TrainTab>(p => p.Add(t => t.ProjectId, _projectId));
        Assert.Contains("off:", tab.Find("[data-testid=fine-tuning-estimate]").TextContent);
        await ExpandAsync(tab);

        await ChooseAsync(tab, popovers, "option-fine-tune", "on");
        Assert.Contains("on: will fine-tune stage 4", tab.Find("[data-testid=fine-tuning-estimate]").TextContent);
        await tab.Find("input[data-testid=option-fine-tune-epochs]").ChangeAsync("5");
        await tab.Find("input[data-testid=option-fine-tune-patience]").ChangeAsync("2");
        await tab.Find("input[data-testid=option-fine-tune-learning-rate]").ChangeAsync("0.00002");
        await tab.Find("input[data-testid=option-fine-tune-head-learning-rate]").ChangeAsync("0.0005");
        await tab.Find("input[data-testid=option-fine-tune-batch-size]").ChangeAsync("8");
        await tab.Find("input[data-testid=option-fine-tune-budget-minutes]").ChangeAsync("3");
        await tab.Find("input[data-testid=option-fine-tune-views]").ChangeAsync("4");

        await tab.Find("[data-testid=start-training]").ClickAsync(new());

        // The queue writes the run from the click's handler; wait for it rather than trust the dispatch order on a loaded machine.
        tab.WaitForAssertion(() => Assert.Single(_catalogue.Runs.List(_projectId)), TimeSpan.FromSeconds(10));
        var queued = Assert.Single(_catalogue.Runs.List(_projectId)).Options;
        Assert.True(queued.FineTune);
        Assert.Equal(5, queued.FineTuneEpochs);
        Assert.Equal(2, queued.FineTunePatience);
        Assert.Equal(0.00002, queued.FineTuneLearningRate, 12);
        Assert.Equal(0.0005, queued.FineTuneHeadLearningRate, 12);
        Assert.Equal(8, queued.FineTuneBatchSize);
        Assert.Equal(4, queued.FineTuneViews);
        Assert.Equal(3, queued.FineTuneBudgetMinutes);
    }

    [Fact]
    public async Task A_page_opened_mid_fine_tuning_shows_the_bar_at_once_and_follows_it()
    {
        await using var context = Context(new TrainingOptions { FineTune = true });
        var notifier = context.Services.GetRequiredService<RunProgressNotifier>();
        var run = context.Services.GetRequiredService<TrainingQueue>().Enqueue(_projectId, new TrainingOptions { FineTune = true });
        _catalogue.Runs.MarkStarted(run.Id);
        notifier.Publish(new RunStatusChanged(_projectId, run.Id, RunStatus.Running, null));
        notifier.Publish(new RunProgressed(_projectId, run.Id, new FineTuningPlan("on", true, TimeSpan.FromMinutes(2), "fine-tuning stage 4, estimated 2.0 min on this machine")));
        notifier.Publish(new RunProgressed(_projectId, run.Id, new FineTuningProgress(FineTuningProgress.EpochStep, 14, 20, 32, 96, 40, TimeSpan.FromSeconds(1))));

        // As after a reload: the page is new, the run is mid-epoch.
        var tab = context.Render<TrainTab>(p => p.Add(t => t.ProjectId, _projectId));
        var bar = tab.Find("[data-testid=fine-tuning-progress]");
        Assert.Equal("epoch", bar.GetAttribute("data-step"));
        Assert.Contains("Fine-tuning epoch 14 (up to 20): 32 / 96 images · 40.0 images/s · about 2 s left", bar.TextContent);
        Assert.Contains("estimated 2.0 min", bar.TextContent);

        notifier.Publish(new RunProgressed(_projectId, run.Id, new FineTuningProgress(FineTuningProgress.EpochStep, 15, 20, 64, 96, 40, TimeSpan.FromSeconds(2))));
        tab.WaitForAssertion(() => Assert.Contains("Fine-tuning epoch 15 (up to 20): 64 / 96 images", tab.Find("[data-testid=fine-tuning-progress]").TextContent));
        Assert.Equal(15, notifier.Latest(run.Id).FineTuning!.Epoch);

        notifier.Publish(new RunStatusChanged(_projectId, run.Id, RunStatus.Cancelled, "cancelled by the user"));
        Assert.Null(notifier.Latest(run.Id).FineTuning);
    }

    private static Task ExpandAsync(IRenderedComponent<TrainTab> tab) => tab.Find("[data-testid=fine-tuning-settings] .mud-expand-panel-header").ClickAsync(new());

    private static async Task ChooseAsync(IRenderedComponent<TrainTab> tab, IRenderedComponent<MudPopoverProvider> popovers, string testId, string item)
    {
        var control = tab.FindAll(".mud-input-control.mud-select").Single(c => c.QuerySelector($"[data-testid={testId}]") is not null);
        await control.MouseDownAsync(new());
        popovers.WaitForAssertion(() => Assert.Contains(popovers.FindAll(".mud-list-item"), i => i.TextContent.Trim() == item));
        await popovers.FindAll(".mud-list-item").First(i => i.TextContent.Trim() == item).ClickAsync(new());
    }
}
