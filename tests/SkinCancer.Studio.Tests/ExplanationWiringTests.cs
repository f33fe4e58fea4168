using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SkinCancer.Studio.Web.Components.Evaluation;
using SkinCancer.Studio.Web.Components.Explanations;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Evaluation;
using SkinCancer.Studio.Core.Explanations;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Web.Serving;
using SkinCancer.Studio.Web.Evaluations;

namespace SkinCancer.Studio.Tests;

/// <summary>
/// One heat map wherever it is shown: the API's, the Try tab's and the evaluation gallery's are the explainer's own
/// (the CLI's is checked against the explainer in the Core tests), for a run trained with the real backbone.
/// </summary>
public sealed class ExplanationWiringTests : IAsyncLifetime
{
    private readonly TempWorkspace _workspace = new();
    private WebApplicationFactory<Program> _factory = null!;
    private string _projectId = "";
    private string _runId = "";
    private string _wide = "";

    public async Task InitializeAsync()
    {
        var studio = await StudioWithTrainedRun.CreateAsync(_workspace.Path, "explain");
        (_factory, _projectId, _runId) = (studio.Factory, studio.ProjectId, studio.RunId);

        // A test image that is not square, so "the image's size" is not the model's input size by accident.
        _wide = Path.Combine(_workspace.Path, "wide.png");
        using var image = Image.Load<Rgb24>(GeneratedImages.Png(Path.Combine(_workspace.Path, "square.png"), 7, size: 64));
        image.Mutate(x => x.Resize(90, 40));
        await image.SaveAsPngAsync(_wide);
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        _workspace.Dispose();
        return Task.CompletedTask;
    }

    private async Task<HttpResponseMessage> PostAsync(string query)
    {
        using var client = _factory.CreateClient();
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(await File.ReadAllBytesAsync(_wide));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(content, "image", "wide.png");
        return await client.PostAsync($"/api/projects/{_projectId}/runs/{_runId}/predict{query}", form);
    }

    private ModelPackage Model => ModelPackage.Load(_factory.Services.GetRequiredService<ProjectFolders>().Model(_projectId, _runId));

    private Explanation Reference()
    {
        var explainer = _factory.Services.GetRequiredService<ModelExplainer>();
        using var image = explainer.Decode(File.ReadAllBytes(_wide));
        return explainer.Explain(Model, image);
    }

    [Fact]
    public async Task The_api_explains_on_request_with_an_overlay_at_the_image_size_and_the_raw_grid()
    {
        var reference = Reference();
        var plain = JsonSerializer.Deserialize<JsonElement>(await (await PostAsync("")).Content.ReadAsStringAsync());
        Assert.False(plain.TryGetProperty("explanation", out _), "no explanation unless asked");

        var response = await PostAsync("?explain=true");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonSerializer.Deserialize<PredictionEndpoints.PredictionResponse>(await response.Content.ReadAsStringAsync(), StudioJson.Options)!;
        var explanation = body.Explanation!;
        Assert.Equal(reference.Predicted, body.Predicted);
        Assert.Equal(body.Predicted, explanation.Label);
        Assert.Equal("grad-cam", explanation.Method);
        Assert.Equal(reference.HeatMaps[explanation.Label].Values, explanation.Grid.Values);
        Assert.Equal((14, 14), (explanation.Grid.Width, explanation.Grid.Height));
        Assert.Equal(plain.GetProperty("probabilities").GetProperty("a").GetDouble(), body.Probabilities["a"], 4);
        using var overlay = Image.Load<Rgb24>(Convert.FromBase64String(explanation.OverlayPngBase64));
        Assert.Equal((90, 40), (overlay.Width, overlay.Height));
        Assert.Equal((90, 40), (explanation.ImageWidth, explanation.ImageHeight));

        var other = body.Labels.Single(l => l != body.Predicted);
        var asked = JsonSerializer.Deserialize<PredictionEndpoints.PredictionResponse>(await (await PostAsync($"?explain=true&class={other}")).Content.ReadAsStringAsync(), StudioJson.Options)!;
        Assert.Equal(other, asked.Explanation!.Label);
        Assert.Equal(reference.HeatMaps[other].Values, asked.Explanation.Grid.Values);

        var unknown = await PostAsync("?explain=true&class=zebra");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("zebra", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_try_tab_and_the_gallery_show_the_explainers_heat_map_with_a_slider_and_a_class_switch()
    {
        var reference = Reference();
        var service = _factory.Services.GetRequiredService<ExplanationService>();
        var (tried, reason) = await service.ExplainAsync(_projectId, _runId, await File.ReadAllBytesAsync(_wide), CancellationToken.None);
        Assert.Null(reason);
        foreach (var label in reference.Labels) Assert.Equal(reference.HeatMaps[label].Values, tried!.Explanation.HeatMaps[label].Values);

        // The gallery: an evaluation of a test set holding the same image; opening it shows the same map.
        var folders = _factory.Services.GetRequiredService<ProjectFolders>();
        var testSet = CatalogueIds.New();
        var staged = Path.Combine(folders.Staging(_projectId), "wide.png");
        Directory.CreateDirectory(Path.GetDirectoryName(staged)!);
        File.Copy(_wide, staged);
        Assert.Equal(IngestStatus.Added, _factory.Services.GetRequiredService<TestSetIngest>().Add(_projectId, testSet, staged, UploadPath.Parse("a/wide.png").Path!).Status);
        var run = _factory.Services.GetRequiredService<StudioCatalogue>().Runs.Get(_runId)!;
        var evaluation = await _factory.Services.GetRequiredService<EvaluationService>().EvaluateAsync(run, testSet, null, CancellationToken.None);

        await using var context = StudioTestContext.Create();
        context.Services.AddSingleton(service);
        var gallery = context.Render<PredictionGallery>(p => p
            .Add(g => g.ProjectId, _projectId).Add(g => g.EvaluationId, evaluation.Id).Add(g => g.Images, evaluation.Report.Images));
        Assert.Empty(gallery.FindAll("[data-testid=gallery-detail]"));
        gallery.Find("[data-testid=gallery-item]").Click();
        gallery.WaitForAssertion(() => Assert.NotEmpty(gallery.FindAll("[data-testid=explanation-heat]")), TimeSpan.FromSeconds(30));
        var view = gallery.FindComponent<ExplanationView>();
        Assert.Equal(reference.HeatMaps[reference.Predicted].Values, view.Instance.Shown.Explanation.HeatMaps[reference.Predicted].Values);
        Assert.Equal(evaluation.Report.Images[0].Predicted, gallery.Find("[data-testid=explanation]").GetAttribute("data-label"));

        // Switching class redraws the heat picture; the slider sets its opacity.
        var before = gallery.Find("[data-testid=explanation-heat]").GetAttribute("src");
        var other = reference.Labels.Single(l => l != evaluation.Report.Images[0].Predicted);
        gallery.Find($"[data-testid=explanation-class][data-label={other}]").Click();
        // MudButton invokes its handler asynchronously.
        gallery.WaitForAssertion(() => Assert.Equal(other, gallery.Find("[data-testid=explanation]").GetAttribute("data-label")));
        Assert.NotEqual(before, gallery.Find("[data-testid=explanation-heat]").GetAttribute("src"));
        Assert.Contains("opacity: 0.5", gallery.Find("[data-testid=explanation-heat]").GetAttribute("style"));
        gallery.Find("[data-testid=explanation-opacity]").Input("0.8");
        gallery.WaitForAssertion(() => Assert.Contains("opacity: 0.8", gallery.Find("[data-testid=explanation-heat]").GetAttribute("style")));
    }
}
