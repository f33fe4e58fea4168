using System.Net;
using System.Net.Http.Json;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Web.Uploads;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>
/// A run that cannot succeed ends as "failed" with its message; a completed run whose model files are damaged or gone
/// answers with what is wrong; and the studio keeps serving everything else.
/// </summary>
public sealed class FailingRunTests : IDisposable
{
    private readonly StudioFactory _studio = new();

    public void Dispose() => _studio.Dispose();

    [Fact]
    public async Task A_run_with_a_single_class_fails_with_a_message_and_the_studio_stays_up()
    {
        var projectId = _studio.Catalogue.Projects.Create("one class").Id;
        using var client = _studio.Client();
        using (var upload = StudioFactory.Upload(projectId, StudioFactory.Form(("benign/a.png", GeneratedImages.Png(1)), ("benign/b.png", GeneratedImages.Png(2)))))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(upload)).StatusCode);
        }
        using var start = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{projectId}/runs") { Content = JsonContent.Create(new { epochs = 2 }) };
        start.Headers.Add(UploadEndpoints.RequiredHeader, "1");
        var response = await client.SendAsync(start);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var run = (await response.Content.ReadFromJsonAsync<RunRecord>(StudioJson.Options))!;

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (_studio.Catalogue.Runs.Get(run.Id)!.Status is RunStatus.Queued or RunStatus.Running && DateTime.UtcNow < deadline) await Task.Delay(50);

        var ended = _studio.Catalogue.Runs.Get(run.Id)!;
        Assert.Equal(RunStatus.Failed, ended.Status);
        Assert.False(string.IsNullOrWhiteSpace(ended.Message));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_completed_run_whose_model_is_damaged_or_missing_says_so_and_recovers_when_it_is_back()
    {
        var projectId = _studio.Catalogue.Projects.Create("two classes").Id;
        using var client = _studio.Client();
        var images = Enumerable.Range(0, 8).Select(i => ($"{(i % 2 == 0 ? "benign" : "malignant")}/{i}.png", GeneratedImages.Png(i))).ToArray();
        using (var upload = StudioFactory.Upload(projectId, StudioFactory.Form(images)))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(upload)).StatusCode);
        }
        using var start = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{projectId}/runs")
        {
            Content = JsonContent.Create(new { epochs = 2, hiddenUnits = 8, augment = false }),
        };
        start.Headers.Add(UploadEndpoints.RequiredHeader, "1");
        var run = (await (await client.SendAsync(start)).Content.ReadFromJsonAsync<RunRecord>(StudioJson.Options))!;
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (_studio.Catalogue.Runs.Get(run.Id)!.IsActive && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(RunStatus.Completed, _studio.Catalogue.Runs.Get(run.Id)!.Status);

        Task<HttpResponseMessage> Predict()
        {
            var form = StudioFactory.Form(("image.png", GeneratedImages.Png(100)));
            return client.PostAsync($"/api/projects/{projectId}/runs/{run.Id}/predict", form);
        }
        var model = _studio.Folders.Model(projectId, run.Id);
        var weights = Path.Combine(model, ModelPackage.WeightsFile);
        var saved = await File.ReadAllBytesAsync(weights);

        // Damaged: the weights file cut short (before the model was ever loaded by this process).
        await File.WriteAllBytesAsync(weights, saved[..100]);
        var damaged = await Predict();
        Assert.Equal(HttpStatusCode.InternalServerError, damaged.StatusCode);
        Assert.Equal("application/problem+json", damaged.Content.Headers.ContentType?.MediaType);
        var message = (await damaged.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>())!.Detail!;
        Assert.Contains("cannot be loaded", message);
        Assert.Contains("damaged", message);
        Assert.DoesNotContain(_studio.Root, message);

        // Missing: the whole model folder gone.
        var aside = model + ".aside";
        Directory.Move(model, aside);
        foreach (var path in new[] { $"/api/projects/{projectId}/runs/{run.Id}/model.zip", $"/api/projects/{projectId}/runs/{run.Id}/export/onnx.zip" })
        {
            var missing = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.InternalServerError, missing.StatusCode);
            Assert.Contains("cannot be loaded", await missing.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        // Back in place: the failure was not remembered, the run predicts again.
        Directory.Move(aside, model);
        await File.WriteAllBytesAsync(weights, saved);
        Assert.Equal(HttpStatusCode.OK, (await Predict()).StatusCode);
    }

    [Fact]
    public async Task Invalid_training_options_are_a_400_problem_naming_the_option()
    {
        var projectId = _studio.Catalogue.Projects.Create("p").Id;
        using var client = _studio.Client();
        using var start = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{projectId}/runs") { Content = JsonContent.Create(new { epochs = 0 }) };
        start.Headers.Add(UploadEndpoints.RequiredHeader, "1");

        var response = await client.SendAsync(start);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("epochs", await response.Content.ReadAsStringAsync());
        Assert.Empty(_studio.Catalogue.Runs.List(projectId));
    }
}
