using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace SkinCancer.Studio.Export.Tests;

/// <summary>What a page in Chromium made of one image: probabilities from a File and from an &lt;img&gt;, the 224×224 RGB bytes, and the old web app's probabilities.</summary>
internal sealed record BrowserPrediction(string Name, float[] FromFile, byte[] Pixels, float[]? FromImg, float[]? Legacy);

/// <summary>
/// Debian's Chromium driven by Playwright, and the two pages the parity tests read: the exported web app (a user picks
/// files one by one) and a plain page of a user's own, which imports preprocess.js and calls tf.loadLayersModel.
/// </summary>
internal sealed class BrowserPages : IAsyncDisposable
{
    private const string Chromium = "/usr/bin/chromium";

    /// <summary>
    /// A user's own page: the three lines of the README, run on a File and on an &lt;img&gt;. It also runs what the
    /// web app did before preprocess.js (createImageBitmap with colour management, tf.image.resizeBilinear), for the
    /// before/after figures.
    /// </summary>
    public const string PlainPage = """
        <!doctype html>
        <meta charset="utf-8">
        <title>my own page</title>
        <input id="files" type="file" multiple>
        <script src="tf.min.js"></script>
        <script type="module">
          import { toInput, toPixels } from './preprocess.js';
          const model = await tf.loadLayersModel(new URL('model.json', document.baseURI).href);
          async function predict(input) {
            const output = model.predict(input);
            const probabilities = Array.from(await output.data());
            tf.dispose([input, output]);
            return probabilities;
          }
          function base64(bytes) {
            let text = '';
            for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
            return btoa(text);
          }
          window.pixelsAll = async () => {
            const results = [];
            for (const file of document.getElementById('files').files) results.push(base64(await toPixels(file)));
            return JSON.stringify(results);
          };
          // Every file through toInput(File); the first imgCount also through toInput(<img>); with legacy, also the old way.
          window.predictAll = async (imgCount, legacy) => {
            const results = [];
            let index = 0;
            for (const file of document.getElementById('files').files) {
              const result = { name: file.name, fromFile: await predict(await toInput(file)), pixels: base64(await toPixels(file)) };
              if (index++ < imgCount) {
                const img = new Image();
                img.src = URL.createObjectURL(file);
                await img.decode();
                result.fromImg = await predict(await toInput(img));
                URL.revokeObjectURL(img.src);
              }
              if (legacy) {
                const bitmap = await createImageBitmap(file);
                result.legacy = await predict(tf.tidy(() =>
                  tf.image.resizeBilinear(tf.browser.fromPixels(bitmap, 3).toFloat(), [224, 224], false, true).expandDims(0)));
                bitmap.close();
              }
              results.push(result);
            }
            return JSON.stringify(results);
          };
          document.title = 'ready';
        </script>
        """;

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BrowserPages(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<BrowserPages> StartAsync()
    {
        Assert.True(File.Exists(Chromium), "Chromium is required for the browser tests: apt-get install -y chromium");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        return new BrowserPages(playwright, browser);
    }

    /// <summary>The plain page (written into <paramref name="folder"/> as plain.html and served from <paramref name="folderUrl"/>) on every file.</summary>
    public async Task<BrowserPrediction[]> PlainPageAsync(string folder, string folderUrl, IReadOnlyList<string> files, int imgCount, bool legacy)
    {
        await File.WriteAllTextAsync(Path.Combine(folder, "plain.html"), PlainPage);
        var page = await _browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(folderUrl + "plain.html");
        await page.WaitForFunctionAsync("() => document.title === 'ready'", null, new() { Timeout = 180_000 });
        await page.Locator("#files").SetInputFilesAsync(files);
        var json = await page.EvaluateAsync<string>("([imgCount, legacy]) => window.predictAll(imgCount, legacy)", new object[] { imgCount, legacy });
        Assert.Empty(errors);
        await page.CloseAsync();
        return JsonSerializer.Deserialize<BrowserPrediction[]>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    /// <summary>Only the 224×224 RGB bytes preprocess.js makes of each file, in the plain page (fast: no model runs).</summary>
    public async Task<byte[][]> PixelsAsync(string folder, string folderUrl, IReadOnlyList<string> files)
    {
        await File.WriteAllTextAsync(Path.Combine(folder, "plain.html"), PlainPage);
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(folderUrl + "plain.html");
        await page.WaitForFunctionAsync("() => document.title === 'ready'", null, new() { Timeout = 180_000 });
        await page.Locator("#files").SetInputFilesAsync(files);
        var json = await page.EvaluateAsync<string>("() => window.pixelsAll()");
        await page.CloseAsync();
        return JsonSerializer.Deserialize<string[]>(json)!.Select(Convert.FromBase64String).ToArray();
    }

    /// <summary>The web app at <paramref name="url"/>: each file picked in turn, the probabilities it shows read back.</summary>
    public async Task<float[][]> WebAppAsync(string url, IReadOnlyList<string> labels, IReadOnlyList<string> files)
    {
        var page = await _browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        await page.GotoAsync(url);
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Model loaded", new() { Timeout = 180_000 });
        var result = new List<float[]>();
        foreach (var file in files)
        {
            await page.Locator("#file").SetInputFilesAsync(file);
            await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync($"{Path.GetFileName(file)}:", new() { Timeout = 120_000 });
            var shown = new float[labels.Count];
            for (int i = 0; i < labels.Count; i++)
            {
                var value = await page.Locator($"#result .row[data-label='{labels[i]}']").GetAttributeAsync("data-probability");
                shown[i] = float.Parse(value!, CultureInfo.InvariantCulture);
            }
            result.Add(shown);
        }
        Assert.Empty(errors);
        await page.CloseAsync();
        return result.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
