namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>Issue #14, defect 11, against the real process: a class name sent in NFC and in NFD is one class, stored in NFC.</summary>
public sealed class LookAlikeNameTests : IAsyncLifetime
{
    private LoopbackProcess _studio = null!;

    public async Task InitializeAsync() => _studio = await LoopbackProcess.StartAsync();

    public async Task DisposeAsync() => await _studio.DisposeAsync();

    [Fact]
    public async Task The_same_class_name_in_nfc_and_nfd_is_one_class()
    {
        const string composed = "n\u00e6vus caf\u00e9";
        // NFD, written out: string.Normalize does nothing under InvariantGlobalization.
        const string decomposed = "n\u00e6vus cafe\u0301";
        using var http = _studio.Client();
        using var request = StudioFactory.Upload(_studio.ProjectId, StudioFactory.Form(($"{composed}/a.png", GeneratedImages.Png(1)),
            ($"{decomposed}/b.png", GeneratedImages.Png(2)), ($"{decomposed}/caf\u0065\u0301.png", GeneratedImages.Png(3))));

        await Uploads.OutcomesAsync(await http.SendAsync(request));

        var images = _studio.Catalogue.Images.List(_studio.ProjectId);
        Assert.Equal(3, images.Count);
        Assert.Equal([composed], images.Select(i => i.Label).Distinct());
        Assert.Contains(images, i => i.OriginalName == "caf\u00e9.png");
        Assert.Equal([composed], Directory.EnumerateDirectories(_studio.Folders.Images(_studio.ProjectId)).Select(Path.GetFileName));
    }
}
