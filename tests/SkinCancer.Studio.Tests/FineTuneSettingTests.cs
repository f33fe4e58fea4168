using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SkinCancer.Studio.Core.Configuration;

namespace SkinCancer.Studio.Tests;

/// <summary>appsettings.json's Studio:Training:FineTune says off, auto or on (older files true/false), in the web app and the CLI alike.</summary>
public sealed class FineTuneSettingTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Theory]
    [InlineData("off", false)]
    [InlineData("auto", null)]
    [InlineData("on", true)]
    [InlineData("On", true)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void The_web_app_reads_the_setting_as_a_word_or_a_boolean(string setting, bool? expected)
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("Studio:Workspace", _workspace.Path)
            .UseSetting("Studio:Training:FineTune", setting)
            .UseSetting("Studio:Training:FineTuneBudgetMinutes", "2.5")
            .UseSetting("Studio:Training:Epochs", "7"));

        var training = factory.Services.GetRequiredService<IOptions<StudioOptions>>().Value.Training;

        Assert.Equal(expected, training.FineTune);
        Assert.Equal(2.5, training.FineTuneBudgetMinutes);
        Assert.Equal(7, training.Epochs);
    }

    [Fact]
    public void A_word_that_is_not_off_auto_or_on_stops_the_web_app_with_the_setting_named()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("Studio:Workspace", _workspace.Path)
            .UseSetting("Studio:Training:FineTune", "sometimes"));

        var error = Assert.ThrowsAny<Exception>(() => factory.Services.GetRequiredService<IOptions<StudioOptions>>().Value);
        Assert.Contains("Studio:Training:FineTune must be one of off, auto, on", error.ToString());
    }

    [Theory]
    [InlineData("\"auto\"", null)]
    [InlineData("\"on\"", true)]
    [InlineData("\"off\"", false)]
    [InlineData("true", true)]
    [InlineData("null", null)]
    public void The_cli_reads_the_same_file(string json, bool? expected)
    {
        var path = Path.Combine(_workspace.Path, "appsettings.json");
        File.WriteAllText(path, $$"""{ "Studio": { "Training": { "FineTune": {{json}}, "FineTuneBudgetMinutes": 3 } } }""");

        var training = StudioOptionsFile.Load(path).Training;

        Assert.Equal(expected, training.FineTune);
        Assert.Equal(3, training.FineTuneBudgetMinutes);
    }
}
