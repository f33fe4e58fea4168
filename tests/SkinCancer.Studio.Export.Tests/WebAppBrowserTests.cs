using System.Globalization;
using Microsoft.Playwright;
using SkinCancer.Studio.Core.Export;
using Xunit.Abstractions;

namespace SkinCancer.Studio.Export.Tests;

/// <summary>The exported web app, served by a static file server on loopback and opened in Debian's Chromium, agrees with the studio.</summary>
[Collection(TrainedShapesCollection.Name)]
public sealed class WebAppBrowserTests(TrainedShapesModel model, ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Web_app_in_chromium_shows_the_studio_top_label_for_a_picked_image()
    {
        Assert.True(File.Exists(Chromium), "Chromium is required for the web app test: apt-get install -y chromium");
        await TfjsNode.EnsureInstalledAsync();
        using var temp = new TempDirectory();
        new WebAppExporter(TfjsNode.TfMinJs).Export(model.Model, temp.Path);
        using var server = new StaticFileServer(temp.Path);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        await page.GotoAsync(server.Url);
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Model loaded", new() { Timeout = 180_000 });
        await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync("Not a diagnostic tool");

        const int image = 0;
        await page.Locator("#file").SetInputFilesAsync(model.TestImages[image]);
        var result = page.Locator("#result[data-predicted]");
        await result.WaitForAsync(new() { Timeout = 240_000 });

        var labels = model.Model.Metadata.Labels;
        var expected = model.StudioProbabilities[image];
        Assert.Equal(labels[Parity.TopLabel(expected)], await result.GetAttributeAsync("data-predicted"));
        var shown = new float[labels.Count];
        for (int i = 0; i < labels.Count; i++)
        {
            var value = await page.Locator($"#result .row[data-label='{labels[i]}']").GetAttributeAsync("data-probability");
            shown[i] = float.Parse(value!, CultureInfo.InvariantCulture);
        }
        var backend = await page.EvaluateAsync<string>("() => tf.getBackend()");
        output.WriteLine($"browser ({backend}) vs studio: max |Δp| = {Parity.MaxAbsoluteDifference([expected], [shown]):E2}");
        Parity.AssertAgree([expected], [shown], $"web app in Chromium ({backend}) vs studio");
        // No server calls: everything the page fetched came from its own folder (the blob: URL, named after the page's
        // origin, is the local preview).
        var origin = new Uri(server.Url).GetLeftPart(UriPartial.Authority);
        Assert.All(requests, url => Assert.StartsWith(url.StartsWith("blob:", StringComparison.Ordinal) ? origin : server.Url,
            url.StartsWith("blob:", StringComparison.Ordinal) ? url[5..] : url, StringComparison.Ordinal));
    }
}
