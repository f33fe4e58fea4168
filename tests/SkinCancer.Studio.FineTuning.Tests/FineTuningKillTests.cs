using System.Diagnostics;
using System.Reflection;
using SkinCancer.Studio.Core.ModelPackages;

namespace SkinCancer.Studio.FineTuning.Tests;

/// <summary>
/// The real `studio train --fine-tune on`, SIGKILLed mid fine-tuning, then run again on the same folders: the frozen model
/// it saved before fine-tuning survives the kill whole (no half-written fine-tuned model), and the next run replaces it.
/// </summary>
public sealed class FineTuningKillTests
{
    [Fact]
    public async Task A_run_killed_while_fine_tuning_leaves_its_frozen_model_and_the_next_run_completes()
    {
        using var temp = new TempDirectory();
        SideDiscs.WriteClassFolders(temp.Combine("train"), perClass: 12, size: 64);
        var model = temp.Combine("model");
        string[] common = ["train", temp.Combine("train"), "--out", model, "--workspace", temp.Combine("workspace"), "--fine-tune", "on", "--epochs", "3"];

        using (var killed = StartCli([.. common, "--fine-tune-epochs", "1000", "--fine-tune-patience", "1000"]))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
            while (await killed.StandardError.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("fine-tuning epoch", StringComparison.Ordinal)) break;
            }
            Assert.False(killed.HasExited, "the run was still fine-tuning");
            killed.Kill(); // SIGKILL: no handler, no cleanup
            await killed.WaitForExitAsync(timeout.Token);
        }
        var frozen = ModelPackage.Load(model);
        Assert.False(frozen.Metadata.FineTuning!.Ran);
        Assert.Null(frozen.BackbonePath);
        Assert.DoesNotContain(Directory.GetFileSystemEntries(temp.Path), p => Path.GetFileName(p).StartsWith("model", StringComparison.Ordinal) && p != model);

        using var again = StartCli([.. common, "--fine-tune-epochs", "1"]);
        var error = again.StandardError.ReadToEndAsync();
        await again.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(4)).Token);
        Assert.True(again.ExitCode == 0, await error);
        var info = ModelPackage.Load(model).Metadata.FineTuning!;
        Assert.True(info.Ran, info.Reason);
    }

    private static Process StartCli(string[] arguments)
    {
        var cli = typeof(FineTuningKillTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "StudioCliPath").Value!;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments.Prepend(cli)) start.ArgumentList.Add(argument);
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the studio CLI");
    }
}
