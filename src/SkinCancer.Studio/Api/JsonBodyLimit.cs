using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace SkinCancer.Studio.Web.Api;

/// <summary>
/// The most bytes a JSON body may have on the endpoints that carry one (a project's name, training options, an evaluation
/// request): a few KB is plenty, so a client cannot make the studio buffer 30 MB of JSON. Going over is a 413 problem.
/// </summary>
public sealed record JsonBodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata
{
    public const long Bytes = 64 * 1024;

    public static readonly JsonBodyLimit Default = new(Bytes);
}

public static class JsonBodyConventions
{
    /// <summary>An endpoint that reads a small JSON body: its size limit, and the problems a body can cause (400, 413, 415).</summary>
    public static RouteHandlerBuilder WithJsonBody(this RouteHandlerBuilder endpoint) => endpoint
        .WithMetadata(JsonBodyLimit.Default)
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    /// <summary>Applies the endpoint's limit before its body is read (Kestrel then refuses a longer body with 413).</summary>
    public static IApplicationBuilder UseJsonBodyLimits(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<JsonBodyLimit>() is { } limit
            && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit.MaxRequestBodySize;
        }
        return next(context);
    });
}
