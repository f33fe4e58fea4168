using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.Testing;

/// <summary>A run's model over HTTP as a client uses it: a prediction from an image's bytes, and the downloaded package's metadata.</summary>
internal static class ModelRequests
{
    public static async Task<HttpResponseMessage> PredictAsync(HttpClient http, string projectId, string runId, byte[] image, string name)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(image);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "image", name);
        return await http.PostAsync($"/api/projects/{projectId}/runs/{runId}/predict", form);
    }

    /// <summary>metadata.json of the run's model.zip as served (asserts the download succeeds).</summary>
    public static async Task<ModelMetadata> DownloadedMetadataAsync(HttpClient http, string projectId, string runId)
    {
        var response = await http.GetAsync($"/api/projects/{projectId}/runs/{runId}/model.zip");
        Xunit.Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        await using var metadata = zip.GetEntry(ModelPackage.MetadataFile)!.Open();
        return JsonSerializer.Deserialize<ModelMetadata>(metadata, StudioJson.Options)!;
    }
}
