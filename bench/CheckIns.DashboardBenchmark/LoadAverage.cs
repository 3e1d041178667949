namespace CheckIns.DashboardBenchmark;

/// <summary>The machine's load average (1, 5, 15 minutes): other work on the machine moves the figures.</summary>
internal static class LoadAverage
{
    public static string Now =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
