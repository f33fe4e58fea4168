using System.Globalization;

namespace SkinCancer.Studio.Cli.Commands;

/// <summary>Another process's resident memory (VmRSS from /proc/&lt;pid&gt;/status), read once or sampled for its peak.</summary>
internal sealed class ServerMemory
{
    private ServerMemory(int pid) => Pid = pid;

    public int Pid { get; }

    public static ServerMemory Of(int pid)
    {
        var memory = new ServerMemory(pid);
        if (memory.Read() is null) throw new UsageException($"--server-pid: cannot read VmRSS from /proc/{pid}/status (no such process, or not Linux)");
        return memory;
    }

    /// <summary>Null once the process is gone.</summary>
    public long? Read()
    {
        try
        {
            var line = File.ReadLines($"/proc/{Pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            if (line is null) return null;
            var kilobytes = line["VmRSS:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    public async Task<long?> PeakAsync(TimeSpan interval, CancellationToken stop)
    {
        long? peak = null;
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                peak = new[] { peak, Read() }.Max();
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException)
        {
            // Sampling ends with the load.
        }
        return peak;
    }
}
