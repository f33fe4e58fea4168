using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SkinCancer.Studio.Testing;

namespace SkinCancer.Studio.Reliability.Tests;

/// <summary>Issue #14, defect 6: the prediction API applies the configured file and pixel limits, and says which one.</summary>
[Collection(TrainedStudio.Collection)]
public sealed class PredictionLimitTests(TrainedStudio studio)
{
    private async Task<(HttpStatusCode Status, string Body)> PredictAsync(byte[] image, string name)
    {
        using var http = studio.Client();
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(image);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "image", name);
        var response = await http.PostAsync($"/api/projects/{studio.ProjectId}/runs/{studio.RunId}/predict", form);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_40_MB_image_under_the_50_MiB_file_limit_is_predicted()
    {
        // A JPEG decoder stops at the end-of-image marker, so trailing bytes make a big file of a small picture.
        var image = studio.Jpeg.Concat(new byte[40_000_000]).ToArray();

        var (status, body) = await PredictAsync(image, "big.jpg");

        Assert.True(status == HttpStatusCode.OK, body);
        Assert.Contains(JsonDocument.Parse(body).RootElement.GetProperty("predicted").GetString(), new[] { "a", "b" });
    }

    [Fact]
    public async Task A_30000_by_30000_png_is_refused_naming_the_pixel_limit()
    {
        var (status, body) = await PredictAsync(BadInputCorpus.PngHeaderOnly(30000, 30000), "huge.png");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("30000×30000 pixels is over the 40,000,000-pixel limit", body);
        Assert.DoesNotContain("not an image", body);
    }
}
