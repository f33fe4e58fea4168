using System.IO.Compression;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SkinCancer.Studio.EndToEnd;

/// <summary>
/// The whole user flow through the real app in Chromium: create a project, upload class folders with "Choose folder",
/// train while the chart fills in, evaluate a test folder, try one image, download the model, then restart the app and
/// find everything again. One test, because each step needs the previous one (and a cold start costs seconds).
/// </summary>
public sealed class StudioFlowTests(ITestOutputHelper output) : BrowserTest("studio-e2e-")
{
    [Fact]
    public async Task Create_upload_train_evaluate_try_download_and_find_it_again_after_a_restart()
    {
        var workspace = Path.Combine(Root, "workspace");
        var train = SyntheticImages.ShapesDataset(Path.Combine(Root, "train"), perClass: 12, seedOffset: 1);
        var test = SyntheticImages.ShapesDataset(Path.Combine(Root, "test"), perClass: 5, seedOffset: 9000);
        Directory.CreateDirectory(RepositoryPaths.Screenshots);

        string accuracyText;
        await using (var app = await StudioProcess.StartServingAsync(workspace))
        {
            var page = await NewPageAsync();
            await page.GotoAsync(app.BaseUrl);
            await Expect(page.GetByTestId("medical-notice")).ToBeVisibleAsync();

            await page.Locator("input[data-testid=new-project-name]").FillAsync("Shapes");
            await Expect(page.GetByTestId("create-project")).ToBeEnabledAsync();
            await page.GetByTestId("create-project").ClickAsync();
            await Expect(page.GetByTestId("project-title")).ToHaveTextAsync("Shapes", new() { Timeout = 60_000 });

            // Upload: "Choose folder" on the folder holding circles/ and squares/ (the shared top folder is stripped).
            await page.Locator(".folder-upload[data-ready=true]").First.WaitForAsync();
            var started = DateTime.UtcNow;
            await page.GetByTestId("data-upload-folder-input").SetInputFilesAsync(train);
            await Expect(page.GetByTestId("data-upload-progress")).ToHaveAttributeAsync("data-done", "true", new() { Timeout = 60_000 });
            output.WriteLine($"upload of 24 images: {(DateTime.UtcNow - started).TotalSeconds:F1} s");
            await Expect(page.GetByTestId("class-card")).ToHaveCountAsync(2);
            await Expect(page.Locator("[data-testid=class-card][data-label=circles] [data-testid=class-count]")).ToHaveTextAsync("12");
            await Expect(page.GetByTestId("upload-added")).ToHaveTextAsync("24");
            await WaitForThumbnailsAsync(page);
            await ScreenshotAsync(page, "data");

            // Train, with the advanced panel making each epoch slow enough to watch (a wide hidden layer, batch size 1).
            await page.GetByRole(AriaRole.Tab, new() { Name = "Train" }).ClickAsync();
            // 30 epochs: with 10 a busy CI machine saw its third point only at the ninth, and the run had completed before
            // the reload below could reattach to it.
            await SetSlowTrainingOptionsAsync(page, epochs: 30);
            await page.EvaluateAsync(ChartObserverScript);
            started = DateTime.UtcNow;
            await page.GetByTestId("start-training").ClickAsync();
            try
            {
                // Epoch points arrive while the run is in progress...
                await page.WaitForFunctionAsync(
                    "() => new Set(window.__chartSnapshots.filter(s => s.endsWith('|running')).map(s => s.split('|')[0]).filter(p => p !== '0')).size >= 3",
                    null, new() { Timeout = 120_000 });
                var snapshots = await page.EvaluateAsync<string[]>("() => window.__chartSnapshots");
                output.WriteLine($"3 epoch points while running after {(DateTime.UtcNow - started).TotalSeconds:F1} s: {string.Join(", ", snapshots)}");

                // ...and closing the page does not stop the run: a new page reattaches to it (the Train tab opens by itself).
                await page.ReloadAsync();
                await Expect(page.GetByTestId("training-chart")).ToBeVisibleAsync();
                var reattachedPoints = int.Parse((await page.GetByTestId("training-chart").GetAttributeAsync("data-points"))!);
                var reattachedStatus = await page.GetByTestId("live-run").GetAttributeAsync("data-status");
                output.WriteLine($"reattached: {reattachedPoints} points, status {reattachedStatus}");
                Assert.True(reattachedPoints >= 3, $"a reopened page shows the epochs so far, got {reattachedPoints}");
                await Expect(page.GetByTestId("run-status").First).ToHaveTextAsync("completed", new() { Timeout = 120_000 });
            }
            finally
            {
                output.WriteLine(app.Output);
            }
            output.WriteLine($"training run: {(DateTime.UtcNow - started).TotalSeconds:F1} s");
            var finalPoints = int.Parse((await page.GetByTestId("training-chart").GetAttributeAsync("data-points"))!);
            Assert.True(finalPoints >= 3, $"expected at least 3 epoch points, got {finalPoints}");
            await ScreenshotAsync(page, "train");

            // A second run is cancelled as soon as its first epoch is drawn.
            await SetSlowTrainingOptionsAsync(page, epochs: 40);
            await page.GetByTestId("start-training").ClickAsync();
            await page.Locator("[data-testid=live-run][data-status=running] [data-testid=training-chart]:not([data-points='0'])").WaitForAsync(new() { Timeout = 120_000 });
            await page.GetByTestId("cancel-run").ClickAsync();
            await Expect(page.GetByTestId("run-status").First).ToHaveTextAsync("cancelled", new() { Timeout = 60_000 });
            await Expect(page.GetByTestId("run-status").Nth(1)).ToHaveTextAsync("completed");

            // Download the model package.
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-model").First.ClickAsync());
            var zipPath = Path.Combine(Root, "model.zip");
            await download.SaveAsAsync(zipPath);
            using (var zip = ZipFile.OpenRead(zipPath))
            {
                Assert.Contains(zip.Entries, e => e.Name == "head.bin" && e.Length > 0);
                var metadataEntry = zip.Entries.Single(e => e.Name == "metadata.json");
                using var metadata = JsonDocument.Parse(metadataEntry.Open());
                var labels = metadata.RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetString() ?? "").ToArray();
                Assert.Equal(new[] { "circles", "squares" }, labels);
            }

            // Evaluate a test folder.
            await page.GetByRole(AriaRole.Tab, new() { Name = "Evaluate" }).ClickAsync();
            await page.Locator(".folder-upload[data-ready=true]").First.WaitForAsync();
            await page.GetByTestId("test-upload-folder-input").SetInputFilesAsync(test);
            await Expect(page.GetByTestId("test-set-summary")).ToContainTextAsync("circles: 5");
            await page.GetByTestId("evaluate").ClickAsync();
            accuracyText = await WaitForTextAsync(page.GetByTestId("evaluation-accuracy"));
            output.WriteLine($"test accuracy: {accuracyText}");
            Assert.True(ParsePercent(accuracyText) >= 0.8, $"shapes should be easy, got {accuracyText}");
            await Expect(page.GetByTestId("gallery-item")).ToHaveCountAsync(10);
            await Expect(page.GetByTestId("confusion-cell")).ToHaveCountAsync(4);
            await Expect(page.GetByTestId("roc-curve")).ToBeVisibleAsync();
            // Any test image opens a detail view with the heat map of where the model looked.
            await page.GetByTestId("gallery-item").First.ClickAsync();
            await Expect(page.GetByTestId("gallery-detail").GetByTestId("explanation-heat")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await ScreenshotAsync(page, "evaluate");

            // Try one image.
            await page.GetByRole(AriaRole.Tab, new() { Name = "Try" }).ClickAsync();
            await BlazorInputFile.ChooseAsync(page, "try-input", Directory.GetFiles(Path.Combine(test, "squares")).Order().First());
            await Expect(page.GetByTestId("try-result")).ToHaveAttributeAsync("data-predicted", "squares", new() { Timeout = 30_000 });
            await Expect(page.GetByTestId("try-probability")).ToHaveCountAsync(2);
            await Expect(page.GetByTestId("try-result").GetByTestId("explanation")).ToHaveAttributeAsync("data-label", "squares", new() { Timeout = 30_000 });
            await Expect(page.GetByTestId("try-result").GetByTestId("explanation-heat")).ToBeVisibleAsync();
            await ScreenshotAsync(page, "try");

            // "Try in the browser": the studio serves the model's web-app export, which runs TensorFlow.js in this page.
            await page.GetByRole(AriaRole.Tab, new() { Name = "Train" }).ClickAsync();
            var webAppErrors = new List<string>();
            page.Context.WebError += (_, error) => webAppErrors.Add(error.Error);
            page.Context.Console += (_, message) => { if (message.Type == "error") webAppErrors.Add($"console: {message.Text} ({message.Location})"); };
            var webApp = await page.RunAndWaitForPopupAsync(() => page.GetByTestId("try-in-browser").First.ClickAsync());
            webApp.Console += (_, message) => output.WriteLine($"web app console {message.Type}: {message.Text}");
            await Expect(webApp.Locator("#status")).ToContainTextAsync("Model loaded", new() { Timeout = 180_000 });
            output.WriteLine($"web app: {await webApp.Locator("#status").TextContentAsync()}");
            await Expect(webApp.Locator("#notice")).ToContainTextAsync("Not a diagnostic tool");
            await webApp.Locator("#file").SetInputFilesAsync(Directory.GetFiles(Path.Combine(test, "squares")).Order().First());
            await Expect(webApp.Locator("#result")).ToHaveAttributeAsync("data-predicted", "squares", new() { Timeout = 240_000 });
            Assert.Empty(webAppErrors);
            await webApp.CloseAsync();

            // Projects: a second one is created, renamed, and deleted after confirming.
            await page.GotoAsync(app.BaseUrl);
            await page.Locator("input[data-testid=new-project-name]").FillAsync("Scratch");
            await page.GetByTestId("create-project").ClickAsync();
            await Expect(page.GetByTestId("project-title")).ToHaveTextAsync("Scratch");
            await page.GotoAsync(app.BaseUrl);
            await Expect(page.GetByTestId("project-link")).ToHaveCountAsync(2);
            var scratchRow = page.Locator("tr", new() { Has = page.GetByText("Scratch") });
            await scratchRow.GetByTestId("rename-project").ClickAsync();
            await page.Locator("input[data-testid=name-input]").FillAsync("Scratch renamed");
            await page.GetByTestId("name-ok").ClickAsync();
            await Expect(page.GetByTestId("project-link").GetByText("Scratch renamed")).ToBeVisibleAsync();
            await ScreenshotAsync(page, "projects");
            await page.Locator("tr", new() { Has = page.GetByText("Scratch renamed") }).GetByTestId("delete-project").ClickAsync();
            await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
            await Expect(page.GetByTestId("project-link")).ToHaveCountAsync(1);
        }

        // Restart on the same workspace: the project, its images, its run and its evaluation are all still there.
        await using (var app = await StudioProcess.StartServingAsync(workspace))
        {
            try
            {
                var page = await NewPageAsync();
                await page.GotoAsync(app.BaseUrl);
                await Expect(page.GetByTestId("project-link")).ToHaveTextAsync("Shapes");
                await page.GetByTestId("project-link").ClickAsync();
                await Expect(page.GetByTestId("class-card")).ToHaveCountAsync(2);
                await page.GetByRole(AriaRole.Tab, new() { Name = "Train" }).ClickAsync();
                await Expect(page.GetByTestId("run-status")).ToHaveTextAsync(["cancelled", "completed"]);
                Assert.True(int.Parse((await page.GetByTestId("training-chart").GetAttributeAsync("data-points"))!) >= 3);
                await page.GetByRole(AriaRole.Tab, new() { Name = "Evaluate" }).ClickAsync();
                Assert.Equal(accuracyText, await WaitForTextAsync(page.GetByTestId("evaluation-accuracy")));
            }
            finally
            {
                output.WriteLine(app.Output);
            }
        }
    }

    /// <summary>Records every (points, status) pair the chart shows, so the test can tell live updates from a final redraw.</summary>
    private const string ChartObserverScript = """
        () => {
            window.__chartSnapshots = [];
            const record = () => {
                const chart = document.querySelector('[data-testid=training-chart]');
                const run = document.querySelector('[data-testid=live-run]');
                if (!chart || !run) return;
                const value = chart.getAttribute('data-points') + '|' + run.getAttribute('data-status');
                const list = window.__chartSnapshots;
                if (list[list.length - 1] !== value) list.push(value);
            };
            new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-points', 'data-status'] });
        }
        """;

    private async Task<IPage> NewPageAsync()
    {
        var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        return page;
    }

    /// <summary>A wide hidden layer and batch size 1 make each epoch take a moment, so the test can watch a run in progress.</summary>
    private static async Task SetSlowTrainingOptionsAsync(IPage page, int epochs)
    {
        if (!await page.GetByLabel("Epochs (max)", new() { Exact = true }).IsVisibleAsync()) await page.GetByText("Advanced settings").ClickAsync();
        await SetNumberAsync(page, "Epochs (max)", epochs.ToString());
        await SetNumberAsync(page, "Early-stopping patience", epochs.ToString());
        await SetNumberAsync(page, "Hidden units (0 = linear)", "512");
        await SetNumberAsync(page, "Batch size", "1");
    }

    private static async Task SetNumberAsync(IPage page, string label, string value)
    {
        var input = page.GetByLabel(label, new() { Exact = true });
        await input.FillAsync(value);
        await input.BlurAsync();
    }

    private static async Task WaitForThumbnailsAsync(IPage page) =>
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.thumb-strip img')].every(i => i.complete && i.naturalWidth > 0)");

    private static async Task<string> WaitForTextAsync(ILocator locator)
    {
        await locator.WaitForAsync(new() { Timeout = 60_000 });
        return (await locator.InnerTextAsync()).Trim();
    }

    private static double ParsePercent(string text) =>
        double.Parse(text.Replace("%", "").Replace(" ", "").Trim(), System.Globalization.CultureInfo.InvariantCulture) / 100;

    private static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryPaths.Screenshots, $"{name}.png"), FullPage = true });
}
