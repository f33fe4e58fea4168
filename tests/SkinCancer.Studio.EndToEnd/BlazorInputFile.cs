using Microsoft.Playwright;

namespace SkinCancer.Studio.EndToEnd;

/// <summary>Choosing a file in a Blazor &lt;InputFile&gt; from a test.</summary>
internal static class BlazorInputFile
{
    /// <summary>
    /// Blazor's InputFile listens for "change" only once its script has set the input up, a moment after the component
    /// renders: a file set before that is silently ignored (a person is never that quick; a test on a busy machine can be).
    /// </summary>
    public static async Task ChooseAsync(IPage page, string testId, string file, float timeout = 90_000)
    {
        await page.WaitForFunctionAsync($"() => document.querySelector('[data-testid={testId}]')?._blazorInputFileNextFileId !== undefined",
            null, new() { Timeout = timeout });
        await page.GetByTestId(testId).SetInputFilesAsync(file);
    }
}
