using System.Globalization;
using System.Text;

namespace CheckIns.PipelineBenchmark;

/// <summary>
/// The request bodies of a run: JSON arrays of check-ins for <c>POST /v1/checkins</c>. Monitor <c>i</c> is
/// <c>bench-{i}</c> in project <c>1 + i / MonitorsPerProject</c>; even monitors run on an hourly crontab, odd ones
/// every 10 minutes (whose deadline moves with every OK check-in). Bodies are a pure function of their index.
/// </summary>
internal sealed class CheckInLoad(BenchmarkOptions options, int monitors)
{
    private const string Crontab = """{"schedule":{"type":"crontab","value":"0 * * * *"},"checkin_margin":5,"max_runtime":30}""";
    private const string Interval = """{"schedule":{"type":"interval","value":10,"unit":"minute"},"checkin_margin":5,"max_runtime":30}""";

    public int Monitors => monitors;

    public int Projects => (monitors + options.MonitorsPerProject - 1) / options.MonitorsPerProject;

    public static string Slug(int monitor) => "bench-" + monitor.ToString(CultureInfo.InvariantCulture);

    public long ProjectOf(int monitor) => 1 + (monitor / options.MonitorsPerProject);

    /// <summary>Requests that create every monitor: one OK check-in each, with its config (an upsert).</summary>
    public int CreateRequests => (monitors + options.CheckInsPerRequest - 1) / options.CheckInsPerRequest;

    public byte[] CreateBody(int request)
    {
        var json = new StringBuilder("[");
        var first = request * options.CheckInsPerRequest;
        for (var m = first; m < Math.Min(first + options.CheckInsPerRequest, monitors); m++)
        {
            Append(json, m, "ok", m % 2 == 0 ? Crontab : Interval);
        }

        return Encoding.UTF8.GetBytes(json.Append(']').ToString());
    }

    /// <summary>Check-ins for monitors drawn uniformly at random (seeded by the phase and request), a share of them errors.</summary>
    public byte[] Body(int phase, int request)
    {
        // Not HashCode.Combine: its seed changes with every process, and the load must not.
        var random = new Random(unchecked((((phase * 1_000_003) + request) * 31) + monitors));
        var json = new StringBuilder("[");
        for (var i = 0; i < options.CheckInsPerRequest; i++)
        {
            Append(json, random.Next(monitors), random.NextDouble() < options.ErrorShare ? "error" : "ok", config: null);
        }

        return Encoding.UTF8.GetBytes(json.Append(']').ToString());
    }

    private void Append(StringBuilder json, int monitor, string status, string? config)
    {
        if (json.Length > 1)
        {
            json.Append(',');
        }

        json.Append(CultureInfo.InvariantCulture, $"{{\"project_id\":{ProjectOf(monitor)},\"monitor_slug\":\"{Slug(monitor)}\",\"status\":\"{status}\"");
        if (config is not null)
        {
            json.Append(""","monitor_config":""").Append(config);
        }

        json.Append('}');
    }
}
