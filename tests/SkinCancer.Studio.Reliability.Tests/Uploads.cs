using System.Net.Http.Headers;
using System.Text.Json;
using SkinCancer.Studio.Core.Catalogue;
using SkinCancer.Studio.Core.ModelPackages;
using SkinCancer.Studio.Web.Uploads;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>Upload requests as the page sends them, and broken ones as nobody should, against a studio process.</summary>
internal static class Uploads
{
    public static string ImagesUrl(string projectId) => $"/api/projects/{projectId}/images";

    public static string TestSetUrl(string projectId, string testSetId) => $"/api/projects/{projectId}/testsets/{testSetId}";

    public static HttpRequestMessage Post(string url, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Add(UploadEndpoints.RequiredHeader, "1");
        return request;
    }

    /// <summary>The bytes of a well-formed multipart body cut after <paramref name="keep"/> bytes, under its real Content-Type.</summary>
    public static async Task<HttpContent> TruncatedAsync(MultipartFormDataContent form, Func<int, int> keep)
    {
        var bytes = await form.ReadAsByteArrayAsync();
        var content = new ByteArrayContent(bytes[..keep(bytes.Length)]);
        content.Headers.ContentType = form.Headers.ContentType;
        return content;
    }

    public static HttpContent Garbage()
    {
        var bytes = new byte[20_000];
        new Random(3).NextBytes(bytes);
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=----nothing-like-this");
        return content;
    }

    public static async Task<IReadOnlyList<IngestOutcome>> OutcomesAsync(HttpResponseMessage response)
    {
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {json}");
        return JsonSerializer.Deserialize<UploadBatchResult>(json, StudioJson.Options)!.Outcomes;
    }
}
