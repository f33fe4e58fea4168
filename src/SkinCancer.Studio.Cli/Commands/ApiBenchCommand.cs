using System.CommandLine;
using System.Diagnostics;
using SkinCancer.Studio.Cli.Options;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using SkinCancer.Studio.Core.Imaging;
using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Cli.Commands;

/// <summary>
/// Loads a running studio's prediction API from this process: a fixed number of POSTs with exactly --concurrency in
/// flight, after a short warm-up that the figures leave out (first requests load the model and the backbone session).
/// With --server-pid it also follows the server's resident memory, to show that it stays flat under load.
/// The server caches backbone features per image content, so files sent again measure the cached path; to time the
/// backbone on every request, give at least as many distinct files as warm-up plus requests.
/// </summary>
internal static class ApiBenchCommand
{
    private const int ErrorMessagesKept = 5;

    public static Command Create(CliContext context)
    {
        var inputs = new Argument<string[]>("images") { Description = "Image files, or folders whose images are sent.", Arity = ArgumentArity.OneOrMore };
        var url = new Option<string>("--url") { Description = "The studio's address, e.g. http://127.0.0.1:5000.", Required = true };
        var project = new Option<string>("--project") { Description = "Project id.", HelpName = "id", Required = true };
        var run = new Option<string>("--run") { Description = "Run id whose model answers.", HelpName = "id", Required = true };
        var requests = CommonFlags.Value("--requests", 2000, "Requests to time, after the warm-up.", "N");
        var concurrency = CommonFlags.Value("--concurrency", 8, "Requests in flight at once.", "N");
        var warmup = new Option<int?>("--warmup") { Description = "Requests sent first and left out of the figures. Default: twice --concurrency.", HelpName = "N" };
        var token = new Option<string?>("--token") { Description = "The studio's access secret, sent as a Bearer token. Default: none (loopback studio).", HelpName = "secret" };
        var serverPid = new Option<int?>("--server-pid") { Description = "Also follow this server process's resident memory. Default: not followed.", HelpName = "pid" };
        var json = CommonFlags.Json();
        var command = new Command("bench-api", "Load a running studio's prediction API and report latency percentiles, throughput and the server's memory.")
        {
            inputs, url, project, run, requests, concurrency, warmup, token, serverPid, json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(inputs)!, parse.GetValue(url)!, parse.GetValue(project)!,
            parse.GetValue(run)!, parse.GetValue(requests), parse.GetValue(concurrency), parse.GetValue(warmup) ?? 2 * parse.GetValue(concurrency),
            parse.GetValue(token), parse.GetValue(serverPid), parse.GetValue(json), context, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string[] inputs, string url, string project, string run, int requests, int concurrency, int warmup,
        string? token, int? serverPid, bool json, CliContext context, CancellationToken cancellationToken)
    {
        if (requests < 1 || concurrency < 1 || warmup < 0) throw new UsageException("--requests and --concurrency must be at least 1, --warmup at least 0");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--url: '{url}' is not an http(s) address");
        }
        var endpoint = new Uri(baseUri, $"/api/projects/{Uri.EscapeDataString(project)}/runs/{Uri.EscapeDataString(run)}/predict");
        var memory = serverPid is { } pid ? ServerMemory.Of(pid) : null;
        // Files beyond those the requests reach are never sent, so they are not read either.
        var images = ReadImages(inputs, limit: warmup + requests);

        using var http = CreateClient(concurrency, token);
        long? before = memory?.Read();
        context.Error.WriteLine($"warming up with {warmup} requests to {endpoint} ...");
        var warmupOutcomes = await SendAllAsync(http, endpoint, images, 0, warmup, concurrency, cancellationToken);
        long? afterWarmup = memory?.Read();

        context.Error.WriteLine($"sending {requests} requests, {concurrency} at a time, over {images.Count} images ...");
        using var sampling = new CancellationTokenSource();
        var peakTask = memory?.PeakAsync(TimeSpan.FromMilliseconds(100), sampling.Token) ?? Task.FromResult<long?>(null);
        var clock = Stopwatch.StartNew();
        var outcomes = await SendAllAsync(http, endpoint, images, warmup, requests, concurrency, cancellationToken);
        var wall = clock.Elapsed;
        long? after = memory?.Read();
        await sampling.CancelAsync();
        long? peak = Max(await peakTask, afterWarmup, after);

        var report = Summarise(endpoint, images.Count, concurrency, warmupOutcomes, outcomes, wall,
            memory is null ? null : new ServerRss(memory.Pid, before, afterWarmup, peak, after, after - afterWarmup));
        context.Out.WriteLine(json ? JsonSerializer.Serialize(report, StudioJson.Options) : Describe(report));
        return report.Errors + report.WarmupErrors == 0 ? StudioCli.Ok : StudioCli.Failed;
    }

    private sealed record BenchImage(string Name, byte[] Bytes);

    private sealed record Outcome(double Milliseconds, string? Error);

    public sealed record Latency(double P50, double P90, double P99, double Max, double Mean);

    public sealed record ServerRss(int Pid, long? BeforeBytes, long? AfterWarmupBytes, long? PeakBytes, long? AfterBytes, long? GrowthAfterWarmupBytes);

    public sealed record ApiBenchReport(
        string Url,
        int Images,
        int Concurrency,
        int WarmupRequests,
        int WarmupErrors,
        int Requests,
        int Errors,
        IReadOnlyList<string> ErrorMessages,
        double WallSeconds,
        double RequestsPerSecond,
        Latency LatencyMs,
        ServerRss? ServerMemory);

    private static List<BenchImage> ReadImages(IReadOnlyList<string> paths, int limit)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => ImageFileKinds.HasImageExtension(f) && !ImageFileKinds.IsSystemFile(Path.GetRelativePath(path, f)))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                throw new UsageException($"no such file or folder: {path}");
            }
        }
        if (files.Count == 0) throw new UsageException("no images to send: give image files or a folder holding some");
        return files.Take(limit).Select(f => new BenchImage(Path.GetFileName(f), File.ReadAllBytes(f))).ToList();
    }

    private static HttpClient CreateClient(int concurrency, string? token)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>Request i sends image (first + i) mod count; each of <paramref name="concurrency"/> loops takes the next index when its request ends.</summary>
    private static async Task<Outcome[]> SendAllAsync(HttpClient http, Uri endpoint, IReadOnlyList<BenchImage> images, int first, int count,
        int concurrency, CancellationToken cancellationToken)
    {
        var outcomes = new Outcome[count];
        int next = -1;
        var loops = Enumerable.Range(0, Math.Min(concurrency, count)).Select(_ => Task.Run(async () =>
        {
            for (int i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                outcomes[i] = await SendAsync(http, endpoint, images[(first + i) % images.Count], cancellationToken);
            }
        }, cancellationToken));
        await Task.WhenAll(loops);
        return outcomes;
    }

    private static async Task<Outcome> SendAsync(HttpClient http, Uri endpoint, BenchImage image, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            using var form = new MultipartFormDataContent();
            var content = new ByteArrayContent(image.Bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "image", image.Name);
            using var response = await http.PostAsync(endpoint, form, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            return response.IsSuccessStatusCode ? new Outcome(ms, null) : new Outcome(ms, $"HTTP {(int)response.StatusCode} for {image.Name}: {Shorten(body)}");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // A TaskCanceledException without our own cancellation is HttpClient's timeout.
            return new Outcome(Stopwatch.GetElapsedTime(start).TotalMilliseconds, $"{e.GetType().Name} for {image.Name}: {e.Message}");
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    private static ApiBenchReport Summarise(Uri endpoint, int images, int concurrency, Outcome[] warmup, Outcome[] measured, TimeSpan wall, ServerRss? memory)
    {
        var sorted = measured.Select(o => o.Milliseconds).Order().ToArray();
        var errors = warmup.Concat(measured).Select(o => o.Error).OfType<string>().Take(ErrorMessagesKept).ToArray();
        return new ApiBenchReport(endpoint.ToString(), images, concurrency, warmup.Length, warmup.Count(o => o.Error is not null),
            measured.Length, measured.Count(o => o.Error is not null), errors, wall.TotalSeconds, measured.Length / wall.TotalSeconds,
            new Latency(Percentile(sorted, 50), Percentile(sorted, 90), Percentile(sorted, 99), sorted[^1], sorted.Average()),
            memory);
    }

    /// <summary>Nearest rank: the smallest latency that at least p % of the requests did not exceed.</summary>
    private static double Percentile(double[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];

    private static long? Max(params long?[] values) => values.Max();

    private static string Describe(ApiBenchReport r)
    {
        var lines = new List<string>
        {
            $"POST {r.Url}",
            $"requests:    {r.Requests} at concurrency {r.Concurrency}, round-robin over {r.Images} images (+{r.WarmupRequests} warm-up, not counted)",
            $"errors:      {r.Errors}" + (r.WarmupErrors > 0 ? $" (and {r.WarmupErrors} during warm-up)" : ""),
        };
        lines.AddRange(r.ErrorMessages.Select(m => $"             {m}"));
        lines.Add($"wall time:   {r.WallSeconds:F2} s");
        lines.Add($"throughput:  {r.RequestsPerSecond:F1} requests/s");
        lines.Add($"latency ms:  p50 {r.LatencyMs.P50:F1}   p90 {r.LatencyMs.P90:F1}   p99 {r.LatencyMs.P99:F1}   max {r.LatencyMs.Max:F1}   mean {r.LatencyMs.Mean:F1}");
        if (r.ServerMemory is { } m)
        {
            lines.Add($"server RSS:  pid {m.Pid}: before {Mb(m.BeforeBytes)}, after warm-up {Mb(m.AfterWarmupBytes)}, peak {Mb(m.PeakBytes)}, "
                      + $"after {Mb(m.AfterBytes)}; growth after warm-up {Mb(m.GrowthAfterWarmupBytes, signed: true)}");
        }
        return string.Join(Environment.NewLine, lines);
    }

    private static string Mb(long? bytes, bool signed = false) =>
        bytes is not { } b ? "n/a" : (b / 1048576.0).ToString(signed ? "+0.0;-0.0;0.0" : "0.0", CultureInfo.InvariantCulture) + " MB";
}
