using SkinCancer.Studio.Core.Catalogue;

namespace SkinCancer.Studio.Web.Uploads;

/// <summary>The answer to one upload request: one outcome per file received (a zip counts as its entries).</summary>
public sealed record UploadBatchResult(IReadOnlyList<IngestOutcome> Outcomes);
