using Microsoft.Playwright;

namespace SkinCancer.Studio.EndToEnd;

/// <summary>
/// What every end-to-end test class holds for its tests: Debian's Chromium launched once, and a temporary folder for
/// workspaces, generated images and downloads, deleted afterwards.
/// </summary>
public abstract class BrowserTest(string folderPrefix) : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    protected string Root { get; } = Directory.CreateTempSubdirectory(folderPrefix).FullName;

    /// <summary>A context of its own: separate cookies, storage and Blazor circuit, as a separate browser would have.</summary>
    protected Task<IBrowserContext> NewContextAsync() =>
        (_browser ?? throw new InvalidOperationException("the browser is not launched yet")).NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            AcceptDownloads = true,
        });

    public async Task InitializeAsync()
    {
        // Playwright's 5 s default is too tight for a first Blazor render on a busy 2-core machine; waits that expect
        // long work (training, uploads) set their own timeouts.
        Assertions.SetDefaultExpectTimeout(15_000);
        (_playwright, _browser) = await Chromium.LaunchAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the exiting server; the temp folder is cleaned by the OS eventually.
        }
    }
}
