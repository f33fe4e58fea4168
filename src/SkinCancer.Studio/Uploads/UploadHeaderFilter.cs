namespace SkinCancer.Studio.Web.Uploads;

/// <summary>
/// Uploads and training runs need the studio's own header, which a cross-site form cannot send (a browser must ask
/// first, and no CORS policy allows it). Missing, it is a 400 problem naming the header.
/// </summary>
public sealed class UploadHeaderFilter : IEndpointFilter
{
    public const string RequiredHeader = "X-Studio-Upload";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Request.Headers.ContainsKey(RequiredHeader)
            ? next(context)
            : ValueTask.FromResult<object?>(TypedResults.Problem($"the {RequiredHeader} header is required (any value)", statusCode: StatusCodes.Status400BadRequest));
}
