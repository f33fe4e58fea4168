using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Configuration;

namespace SkinCancer.Studio.Web.Uploads;

/// <summary>
/// Reads a multipart upload part by part, straight to staging files (never buffering a whole request), and hands each
/// file to a sink with its labelled path. A part named *.zip is unpacked as if its contents had been dropped.
/// Each part's file name is the browser-side labelled path ("label/sub/name.jpg").
/// The whole request is read before anything is stored: a body that breaks off or is not multipart stores nothing (400),
/// a limit crossed anywhere in it stores nothing (413), and otherwise every file received gets an outcome, a file the
/// sink cannot store being skipped with its reason. The request's files live in their own staging folder, removed after.
/// </summary>
public sealed class UploadReceiver(IOptions<StudioOptions> options)
{
    private StudioLimits Limits => options.Value.Limits;

    /// <summary>A file as received: staged, or already refused with a reason.</summary>
    private sealed record Received(string Name, string? StagedFile, string? Reason);

    public async Task<UploadBatchResult> ReceiveAsync(HttpRequest request, string stagingFolder, UnpackBudget budget, Func<string, UploadPath, IngestOutcome> sink)
    {
        var staging = Path.Combine(stagingFolder, CatalogueIds.New());
        Directory.CreateDirectory(staging);
        try
        {
            var received = await ReadAllAsync(request, staging, budget);
            return new UploadBatchResult(received.Select(r => Store(r, sink)).ToArray());
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private async Task<List<Received>> ReadAllAsync(HttpRequest request, string staging, UnpackBudget budget)
    {
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value;
        if (string.IsNullOrEmpty(boundary)) throw new MalformedUploadException("the multipart boundary is missing from Content-Type");
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = Limits.MaxUploadBytes;
        }
        var aborted = request.HttpContext.RequestAborted;
        var reader = new MultipartReader(boundary, request.Body);
        var received = new List<Received>();
        int parts = 0;
        var oversize = new List<string>();
        try
        {
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(aborted)) is not null)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition()) continue;
                parts++;
                var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
                bool isZip = name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
                var staged = Path.Combine(staging, CatalogueIds.New());
                bool withinLimit;
                await using (var target = File.Create(staged))
                {
                    // A zip's own bytes are bounded by the request limit; what it inflates to comes out of the budget.
                    withinLimit = await BoundedCopy.TryCopyAsync(section.Body, target, isZip ? Limits.MaxUploadBytes : Limits.MaxFileBytes,
                        isZip ? null : budget, aborted);
                }
                if (!withinLimit)
                {
                    File.Delete(staged);
                    var reason = $"file is over the {Limits.MaxFileBytes:N0}-byte limit (Studio:Limits:MaxFileBytes)";
                    oversize.Add($"{name}: {reason}");
                    received.Add(new Received(name, null, reason));
                }
                else if (isZip)
                {
                    received.AddRange(FromZip(staged, name, staging, budget, aborted));
                }
                else
                {
                    received.Add(new Received(name, staged, null));
                }
                // Zip entries count as files: nine zips of ten entries are ninety files.
                if (received.Count > Limits.MaxFiles) throw new UploadLimitException($"more than {Limits.MaxFiles:N0} files in one upload (Studio:Limits:MaxFiles)");
            }
        }
        catch (BadHttpRequestException)
        {
            throw;
        }
        catch (Exception e) when (e is IOException or InvalidDataException && !aborted.IsCancellationRequested)
        {
            throw new MalformedUploadException($"the multipart body cannot be read ({e.Message}); nothing was stored");
        }
        // In a mixed batch an oversize file is one skipped outcome among others; when nothing else came, the request itself failed.
        if (parts > 0 && oversize.Count == parts) throw new UploadLimitException(string.Join('\n', oversize));
        return received;
    }

    private IEnumerable<Received> FromZip(string staged, string name, string staging, UnpackBudget budget, CancellationToken aborted)
    {
        try
        {
            return new ZipUpload(Limits).Extract(staged, staging, budget, aborted)
                .Select(entry => entry.StagedFile is null
                    ? new Received($"{name}/{entry.LabelledPath}", null, entry.Reason)
                    : new Received(entry.LabelledPath, entry.StagedFile, null))
                .ToArray();
        }
        catch (InvalidDataException e)
        {
            return [new Received(name, null, $"not a readable zip: {e.Message}")];
        }
        finally
        {
            File.Delete(staged);
        }
    }

    private static IngestOutcome Store(Received file, Func<string, UploadPath, IngestOutcome> sink)
    {
        if (file.StagedFile is null) return new IngestOutcome(file.Name, IngestStatus.Skipped, null, file.Reason);
        var (path, reason) = UploadPath.Parse(file.Name);
        if (path is null) return new IngestOutcome(file.Name, IngestStatus.Skipped, null, reason);
        try
        {
            return sink(file.StagedFile, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new IngestOutcome(path.RelativePath, IngestStatus.Skipped, path.Label, $"could not be stored: {e.Message}");
        }
    }
}

/// <summary>The request body is not a readable multipart upload (cut off, or not multipart at all): a 400, nothing stored.</summary>
public sealed class MalformedUploadException(string message) : Exception(message);
