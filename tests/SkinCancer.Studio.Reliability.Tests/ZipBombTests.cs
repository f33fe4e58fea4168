using System.Diagnostics;
using System.Net;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>
/// Issue #14, defect 3, against the real process with the default limits: a zip whose entries share one run of zeros is
/// refused before anything inflates, and a client that hangs up stops the inflation it started.
/// </summary>
public sealed class ZipBombTests : IAsyncLifetime
{
    private LoopbackProcess _studio = null!;

    public async Task InitializeAsync() => _studio = await LoopbackProcess.StartAsync();

    public async Task DisposeAsync() => await _studio.DisposeAsync();

    [Fact]
    public async Task A_zip_of_overlapping_entries_is_refused_at_once_with_a_413()
    {
        // 2,000 entries over one 10 MB run of zeros: about 20 GB once inflated, from a zip of about 110 KB.
        var bomb = HandMadeZip.Overlapping(entries: 2000, zeros: 10_000_000);
        using var http = _studio.Client();
        using var request = StudioFactory.Upload(_studio.ProjectId, StudioFactory.Form(("bomb.zip", bomb)));
        var clock = Stopwatch.StartNew();

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("entries overlap", await response.Content.ReadAsStringAsync());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"answered after {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Empty(_studio.Catalogue.Images.List(_studio.ProjectId));
    }

    [Fact]
    public async Task Inflating_stops_when_the_client_hangs_up()
    {
        // 60 separate entries of 40 MB of zeros, each under the per-file limit: 2.4 GB to inflate, seconds of CPU.
        var zip = HandMadeZip.Separate(entries: 60, zeros: 40_000_000);
        using var http = _studio.Client();
        using var request = StudioFactory.Upload(_studio.ProjectId, StudioFactory.Form(("many.zip", zip)));
        using var hangUp = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => http.SendAsync(request, hangUp.Token));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var before = CpuTime(_studio.App.ProcessId);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var used = CpuTime(_studio.App.ProcessId) - before;

        Assert.True(used < TimeSpan.FromSeconds(0.6), $"the studio used {used.TotalSeconds:0.00} s of CPU in the 3 s after the client left");
        Assert.Empty(_studio.Catalogue.Images.List(_studio.ProjectId));
    }

    /// <summary>User plus system time of a process, from /proc/&lt;pid&gt;/stat (fields 14 and 15, in clock ticks of 1/100 s).</summary>
    private static TimeSpan CpuTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return TimeSpan.FromSeconds((long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0);
    }
}
