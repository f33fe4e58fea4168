using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace SkinCancer.Studio.Tests.Api;

/// <summary>
/// The OpenAPI document at /openapi/v1.json against the app's own route table: every /api route and method is in it, with
/// an operation id, a success response, the problems it can give as application/problem+json (the access guard's 401
/// and 403 everywhere, 404 under a project), and the request body it reads.
/// </summary>
public sealed partial class OpenApiDocumentTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();
    private readonly WebApplicationFactory<Program> _factory;

    public OpenApiDocumentTests() =>
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Studio:Workspace", _workspace.Path));

    public void Dispose()
    {
        _factory.Dispose();
        _workspace.Dispose();
    }

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();

    [Fact]
    public async Task Every_api_route_is_described_with_its_responses_and_errors()
    {
        using var client = _factory.CreateClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");
        var routes = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => (Path: RouteParameter().Replace(e.RoutePattern.RawText!, "{$1}").TrimEnd('/'), Method: m.ToLowerInvariant())))
            .ToArray();
        Assert.True(routes.Length >= 27, $"only {routes.Length} API routes");

        foreach (var (path, method) in routes)
        {
            var where = $"{method.ToUpperInvariant()} {path}";
            Assert.True(paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out _), $"{where} is not in the OpenAPI document: {string.Join(", ", paths.EnumerateObject().Select(p => p.Name))}");
            var operation = item.GetProperty(method);
            Assert.True(operation.TryGetProperty("operationId", out _), $"{where} has no operation id");
            var responses = operation.GetProperty("responses").EnumerateObject().ToDictionary(r => r.Name, r => r.Value);
            Assert.True(responses.Keys.Any(k => k.StartsWith('2')), $"{where} declares no success response");
            var problems = new List<string> { "401", "403" };
            if (path.StartsWith("/api/projects/{projectId}", StringComparison.Ordinal)) problems.Add("404");
            foreach (var status in problems) Assert.True(responses.ContainsKey(status), $"{where} does not declare {status}");
            foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
            {
                Assert.True(response.TryGetProperty("content", out var content) && content.TryGetProperty("application/problem+json", out _),
                    $"{where} describes its {status} without application/problem+json");
            }
            if (method is "post" or "patch" && !path.EndsWith("/cancel", StringComparison.Ordinal))
            {
                Assert.True(operation.TryGetProperty("requestBody", out var body) && body.GetProperty("content").EnumerateObject().Any(), $"{where} describes no request body");
            }
        }

        // The run options body is the options record itself, every option of it, fine-tuning included.
        var start = paths.GetProperty("/api/projects/{projectId}/runs").GetProperty("post");
        var schema = start.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var options = Resolve(document.RootElement, schema).GetProperty("properties");
        foreach (var property in typeof(Core.Training.TrainingOptions).GetProperties().Where(p => p.CanWrite))
        {
            Assert.True(options.TryGetProperty(JsonNamingPolicy.CamelCase.ConvertName(property.Name), out _), $"the run body's schema lacks '{property.Name}'");
        }
        Assert.True(paths.GetProperty("/api/projects/{projectId}/runs/{runId}/events").GetProperty("get").GetProperty("responses").GetProperty("200")
            .GetProperty("content").TryGetProperty("text/event-stream", out _));
    }

    private static JsonElement Resolve(JsonElement root, JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            return root.GetProperty("components").GetProperty("schemas").GetProperty(name);
        }
        foreach (var choice in new[] { "oneOf", "anyOf" })
        {
            if (schema.TryGetProperty(choice, out var options)) return Resolve(root, options.EnumerateArray().First(s => s.TryGetProperty("$ref", out _)));
        }
        return schema;
    }
}
