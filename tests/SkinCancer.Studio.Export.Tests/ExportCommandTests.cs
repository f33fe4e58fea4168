using System.Diagnostics;

namespace SkinCancer.Studio.Export.Tests;

/// <summary>`studio export` end to end, as a user runs it (the CLI assembly is copied beside the tests).</summary>
[Collection(TrainedShapesCollection.Name)]
public sealed class ExportCommandTests(TrainedShapesModel model)
{
    [Theory]
    [InlineData("onnx", "model.onnx")]
    [InlineData("tfjs", "model.json")]
    public async Task Export_command_writes_the_format(string format, string file)
    {
        using var temp = new TempDirectory();
        var (code, output, error) = await RunStudioAsync("export", model.ModelDirectory, "--format", format, "--out", temp.Combine("out"));
        Assert.True(code == 0, error);
        Assert.Contains($"exported {format}", output);
        Assert.True(File.Exists(temp.Combine("out", file)));
        Assert.True(File.Exists(temp.Combine("out", "metadata.json")));
    }

    [Fact]
    public async Task Unknown_format_is_a_usage_error()
    {
        using var temp = new TempDirectory();
        var (code, _, error) = await RunStudioAsync("export", model.ModelDirectory, "--format", "pickle", "--out", temp.Path);
        Assert.Equal(2, code);
        Assert.Contains("unknown format 'pickle'", error);
    }

    private static async Task<(int Code, string Output, string Error)> RunStudioAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "studio.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await error);
    }
}
