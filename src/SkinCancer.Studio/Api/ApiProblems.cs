using System.Text.Json;
using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Web.Api;

/// <summary>
/// Every error the API gives is RFC 9457 problem details (application/problem+json) with a detail that says what was
/// wrong: the handlers' own refusals, and also what happens before or around them — a body that does not bind (400),
/// a wrong Content-Type (415), a body over its limit (413), an unknown route (404), a missing sign-in (401), a model whose
/// files are damaged (500). Workspace paths never appear in a detail.
/// </summary>
public static class ApiProblems
{
    public static readonly PathString ApiPath = "/api";

    public static IServiceCollection AddApiProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var request = context.HttpContext.Request;
            problem.Instance ??= request.Path;
            problem.Detail ??= problem.Status switch
            {
                StatusCodes.Status401Unauthorized => "this studio needs its access secret: send 'Authorization: Bearer <secret>'",
                StatusCodes.Status404NotFound => $"no API route matches {request.Method} {request.Path}",
                StatusCodes.Status405MethodNotAllowed => $"{request.Path} does not accept {request.Method}",
                StatusCodes.Status413PayloadTooLarge => context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<JsonBodyLimit>() is { } limit
                    ? $"the JSON body is too large: this route accepts at most {limit.MaxRequestBodySize:N0} bytes"
                    : "the request body is too large for this route",
                StatusCodes.Status415UnsupportedMediaType => $"this route does not accept Content-Type '{request.ContentType ?? "none"}': " +
                                                             "JSON bodies are application/json, uploads and predictions multipart/form-data",
                _ => null,
            };
        });
        // Binding failures become exceptions (instead of a bare 400) so that their reason reaches the client.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>Turns exceptions into problems, and answers without a body (404, 405, 401) into problems for API paths.</summary>
    public static IApplicationBuilder UseApiProblems(this IApplicationBuilder app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(ApiPath), api => api.UseStatusCodePages());
        return app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await WriteAsync(context, e.StatusCode, e.InnerException is JsonException json ? $"{e.Message} {json.Message}" : e.Message);
            }
            catch (ModelLoadException e) when (!context.Response.HasStarted)
            {
                // A completed run whose files are gone or damaged is that run's problem; every other request goes on as before.
                context.Response.Clear();
                await WriteAsync(context, StatusCodes.Status500InternalServerError, $"the model of this run cannot be loaded: {e.Message}");
            }
            catch (Exception e) when (context.Request.Path.StartsWithSegments(ApiPath) && !context.Response.HasStarted
                                      && !context.RequestAborted.IsCancellationRequested)
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiProblems)).LogError(e, "API request failed");
                context.Response.Clear();
                await WriteAsync(context, StatusCodes.Status500InternalServerError, "the studio failed to answer this request; its log says why");
            }
        });
    }

    /// <summary>Writes a problem outside an endpoint (middleware, authentication): the same shape the endpoints give.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetailsContext { HttpContext = context, ProblemDetails = { Status = status, Detail = detail } };
        // A client that accepts no JSON at all (an SSE client's Accept: text/event-stream) still gets the problem, as JSON.
        if (await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(problem)) return;
        await context.Response.WriteAsJsonAsync(problem.ProblemDetails, (JsonSerializerOptions?)null, "application/problem+json");
    }
}
