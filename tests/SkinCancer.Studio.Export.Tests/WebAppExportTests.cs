using SkinCancer.Studio.Core.Export;

namespace SkinCancer.Studio.Export.Tests;

[Collection(TrainedShapesCollection.Name)]
public sealed class WebAppExportTests(TrainedShapesModel model)
{
    [Fact]
    public async Task Web_app_folder_holds_page_script_tfjs_and_model()
    {
        await TfjsNode.EnsureInstalledAsync();
        using var temp = new TempDirectory();
        var result = new WebAppExporter(TfjsNode.TfMinJs).Export(model.Model, temp.Path);

        Assert.Subset(result.Files.ToHashSet(), new HashSet<string>(["index.html", "app.js", "style.css", "preprocess.js", "tf.min.js", "model.json", "metadata.json"]));
        Assert.Equal(ExportAssets.Read(ExportAssets.PreprocessJs), File.ReadAllText(temp.Combine("preprocess.js")));
        Assert.Contains(result.Files, f => f.StartsWith("group1-shard1of", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllBytes(TfjsNode.TfMinJs), File.ReadAllBytes(temp.Combine("tf.min.js")));
        var page = File.ReadAllText(temp.Combine("index.html"));
        Assert.Contains("Not a diagnostic tool", page);
        Assert.Contains("id=\"explanations-note\"", page);
        Assert.Contains("<script src=\"tf.min.js\"></script>", page);
        var script = File.ReadAllText(temp.Combine("app.js"));
        Assert.Contains("tf.loadLayersModel(new URL('model.json', document.baseURI).href)", script);
        Assert.Contains("import { toInput } from './preprocess.js';", script);
        Assert.Contains("<script type=\"module\" src=\"app.js\"></script>", page);
        // metadata.json shows a user's own page the same three lines.
        using var metadata = System.Text.Json.JsonDocument.Parse(File.ReadAllText(temp.Combine("metadata.json")));
        var usage = metadata.RootElement.GetProperty("usage").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Equal(3, usage.Length);
        Assert.StartsWith("import { toInput } from './preprocess.js';", usage[0]);
        Assert.Contains("tf.loadLayersModel", usage[1]);
        Assert.Contains("model.predict(await toInput(file))", usage[2]);
        Assert.Equal(Core.Imaging.Preprocessing.Id, metadata.RootElement.GetProperty("preprocessing").GetString());
        Assert.DoesNotContain("http", script.Replace("http(s)", ""));
    }

    [Fact]
    public void Missing_tfjs_script_fails_with_a_message_that_says_how_to_get_it()
    {
        using var temp = new TempDirectory();
        var error = Assert.Throws<FileNotFoundException>(() => new WebAppExporter(temp.Combine("nowhere", "tf.min.js")).Export(model.Model, temp.Combine("out")));
        Assert.Contains("npm ci", error.Message);
        Assert.False(Directory.Exists(temp.Combine("out")));
    }
}
