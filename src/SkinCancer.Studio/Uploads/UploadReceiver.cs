using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.Configuration;

namespace SkinCancer.Studio.Uploads;

/// <summary>
/// Reads a multipart upload part by part, straight to staging files (never buffering a whole request), and hands each
/// file to a sink with its labelled path. A part named *.zip is unpacked as if its contents had been dropped.
/// Each part's file name is the browser-side labelled path ("label/sub/name.jpg").
/// </summary>
public sealed class UploadReceiver(IOptions<StudioOptions> options)
{
    private StudioLimits Limits => options.Value.Limits;

    public async Task<UploadBatchResult> ReceiveAsync(HttpRequest request, string stagingFolder, Func<string, UploadPath, IngestOutcome> sink)
    {
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value
                       ?? throw new BadHttpRequestException("multipart boundary missing");
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = Limits.MaxUploadBytes;
        }
        Directory.CreateDirectory(stagingFolder);
        var reader = new MultipartReader(boundary, request.Body);
        var outcomes = new List<IngestOutcome>();
        int files = 0;
        var oversize = new List<string>();
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(request.HttpContext.RequestAborted)) is not null)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition()) continue;
            if (++files > Limits.MaxFiles) throw new UploadLimitException($"more than {Limits.MaxFiles:N0} files in one upload (Studio:Limits:MaxFiles)");
            var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
            var staged = Path.Combine(stagingFolder, CatalogueIds.New());
            bool withinLimit;
            try
            {
                await using var target = File.Create(staged);
                var limit = name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? Limits.MaxUploadBytes : Limits.MaxFileBytes;
                withinLimit = await BoundedCopy.TryCopyAsync(section.Body, target, limit, request.HttpContext.RequestAborted);
            }
            catch
            {
                // An aborted or broken request leaves no half-written file behind.
                File.Delete(staged);
                throw;
            }
            if (!withinLimit)
            {
                File.Delete(staged);
                var reason = $"file is over the {Limits.MaxFileBytes:N0}-byte limit (Studio:Limits:MaxFileBytes)";
                oversize.Add($"{name}: {reason}");
                outcomes.Add(new IngestOutcome(name, IngestStatus.Skipped, null, reason));
                continue;
            }
            if (name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)) outcomes.AddRange(FromZip(staged, name, stagingFolder, sink));
            else outcomes.Add(FromFile(staged, name, sink));
        }
        // In a mixed batch an oversize file is one skipped outcome among others; when nothing else came, the request itself failed.
        if (files > 0 && oversize.Count == files) throw new UploadLimitException(string.Join('\n', oversize));
        return new UploadBatchResult(outcomes);
    }

    private static IngestOutcome FromFile(string staged, string name, Func<string, UploadPath, IngestOutcome> sink)
    {
        var (path, reason) = UploadPath.Parse(name);
        if (path is not null) return sink(staged, path);
        File.Delete(staged);
        return new IngestOutcome(name, IngestStatus.Skipped, null, reason);
    }

    private IEnumerable<IngestOutcome> FromZip(string staged, string name, string stagingFolder, Func<string, UploadPath, IngestOutcome> sink)
    {
        var outcomes = new List<IngestOutcome>();
        try
        {
            foreach (var entry in new ZipUpload(Limits).Extract(staged, stagingFolder))
            {
                outcomes.Add(entry.StagedFile is null
                    ? new IngestOutcome($"{name}/{entry.LabelledPath}", IngestStatus.Skipped, null, entry.Reason)
                    : FromFile(entry.StagedFile, entry.LabelledPath, sink));
            }
        }
        catch (InvalidDataException e)
        {
            outcomes.Add(new IngestOutcome(name, IngestStatus.Skipped, null, $"not a readable zip: {e.Message}"));
        }
        finally
        {
            File.Delete(staged);
        }
        return outcomes;
    }
}

public sealed class UploadLimitException(string message) : Exception(message);
