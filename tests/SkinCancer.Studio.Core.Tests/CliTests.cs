using System.Text.Json;
using SkinCancer.Studio.Cli;

namespace SkinCancer.Studio.Core.Tests;

/// <summary>The `studio` command as a user runs it: exit codes, one-line errors, and the JSON each command prints.</summary>
public sealed class CliTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private async Task<(int Code, string Out, string Error)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await StudioCli.RunAsync([.. args, "--workspace", _temp.Combine("ws")], stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Train_evaluate_and_predict_print_the_documented_json()
    {
        var train = SyntheticImages.ShapesDataset(_temp.Combine("train"), perClass: 10);
        File.WriteAllText(_temp.Combine("train", "LICENSE.txt"), "licence");
        var test = SyntheticImages.ShapesDataset(_temp.Combine("test"), perClass: 4, seedOffset: 300);
        var model = _temp.Combine("model");

        var (code, output, _) = await Run("train", train, "--out", model, "--epochs", "10", "--hidden", "16", "--seed", "3", "--json");
        Assert.Equal(0, code);
        using (var json = JsonDocument.Parse(output))
        {
            var root = json.RootElement;
            Assert.Equal(10, root.GetProperty("history").GetArrayLength());
            var epoch = root.GetProperty("history")[0];
            foreach (var key in new[] { "epoch", "trainLoss", "trainAccuracy", "validationLoss", "validationAccuracy", "learningRate", "elapsed" })
            {
                Assert.True(epoch.TryGetProperty(key, out _), key);
            }
            var skipped = Assert.Single(root.GetProperty("skipped").EnumerateArray());
            Assert.EndsWith("LICENSE.txt", skipped.GetProperty("path").GetString());
            Assert.False(string.IsNullOrEmpty(skipped.GetProperty("reason").GetString()));
            Assert.InRange(root.GetProperty("validationAccuracy").GetDouble(), 0, 1);
        }

        (code, output, _) = await Run("evaluate", model, test, "--json");
        Assert.Equal(0, code);
        using (var json = JsonDocument.Parse(output))
        {
            var root = json.RootElement;
            Assert.InRange(root.GetProperty("accuracy").GetDouble(), 0.75, 1);
            Assert.Equal(["circles", "squares"], root.GetProperty("labels").EnumerateArray().Select(e => e.GetString()));
            var confusion = root.GetProperty("confusion");
            Assert.Equal(8, confusion.EnumerateArray().Sum(r => r.EnumerateArray().Sum(v => v.GetInt32())));
            var circles = root.GetProperty("perClass").GetProperty("circles");
            foreach (var key in new[] { "precision", "recall", "f1", "support" }) Assert.True(circles.TryGetProperty(key, out _), key);
            Assert.InRange(root.GetProperty("auc").GetDouble(), 0, 1);
            var image = root.GetProperty("images")[0];
            foreach (var key in new[] { "path", "label", "predicted", "probabilities" }) Assert.True(image.TryGetProperty(key, out _), key);
            Assert.Equal(0, root.GetProperty("skipped").GetArrayLength());
        }

        var one = Directory.GetFiles(_temp.Combine("test", "squares"))[0];
        (code, output, _) = await Run("predict", model, one, "--json");
        Assert.Equal(0, code);
        using (var json = JsonDocument.Parse(output))
        {
            var row = Assert.Single(json.RootElement.EnumerateArray());
            Assert.Equal(one, row.GetProperty("path").GetString());
            Assert.Equal(2, row.GetProperty("probabilities").EnumerateObject().Count());
            Assert.Contains(row.GetProperty("predicted").GetString(), new[] { "circles", "squares" });
        }
    }

    [Theory]
    [InlineData(2, "train")]
    [InlineData(2, "train", "somewhere")]
    [InlineData(2, "train", "x", "--out", "m", "--epochs", "many")]
    [InlineData(2, "train", "x", "--out", "m", "--learning-rate", "-1")]
    [InlineData(2, "frobnicate")]
    [InlineData(2, "evaluate", "m", "f", "--colour", "red")]
    [InlineData(1, "train", "/no/such/folder", "--out", "m")]
    [InlineData(1, "evaluate", "/no/such/model", "/no/such/folder")]
    public async Task Bad_arguments_and_unusable_data_exit_non_zero_with_one_line(int expected, params string[] args)
    {
        var (code, output, error) = await Run(args);
        Assert.Equal(expected, code);
        Assert.Equal("", output);
        Assert.StartsWith("error: ", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task A_folder_with_one_class_is_refused()
    {
        SyntheticImages.ShapesDataset(_temp.Combine("data"), perClass: 2);
        Directory.Delete(_temp.Combine("data", "squares"), recursive: true);
        var (code, _, error) = await Run("train", _temp.Combine("data"), "--out", _temp.Combine("m"));
        Assert.Equal(1, code);
        Assert.Contains("only one class", error);
    }
}
