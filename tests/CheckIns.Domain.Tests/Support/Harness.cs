using System.Globalization;
using System.Text.Json;
using CheckIns.Domain.Effects;
using CheckIns.Domain.Model;
using CheckIns.Domain.Quota;

namespace CheckIns.Domain.Tests.Support;

/// <summary>Drives the engine through its public API the way the monitor actor does, one message per turn unless grouped.</summary>
internal sealed class Harness(EngineOptions? options = null, IQuotaPolicy? quota = null, long projectId = 1, string slug = "my-job")
{
    private int _messages;

    public MonitorEngine Engine { get; } = new(options, quota);

    public long ProjectId { get; } = projectId;

    public string Slug { get; } = slug;

    public MonitorState? State { get; set; }

    public List<MonitorEffect> Effects { get; } = [];

    public MonitorDefinition Monitor => State!.Monitor!;

    public MonitorEnvironment Env(string name = "production") => State!.FindEnvironment(name)!;

    public CheckInInput Input(DateTimeOffset at, object payload, string? messageId = null) =>
        new(messageId ?? $"m{++_messages}", ProjectId, 10, Slug, at, Json(payload));

    public CheckInOutcome Send(DateTimeOffset at, object payload, string? messageId = null) =>
        SendAll(Input(at, payload, messageId))[0];

    public IReadOnlyList<CheckInOutcome> SendAll(params CheckInInput[] inputs)
    {
        var result = Engine.Apply(State, inputs);
        State = result.State;
        Effects.AddRange(result.Effects);
        return result.Outcomes;
    }

    public TurnResult Tick(DateTimeOffset now, bool abnormal = false)
    {
        var result = Engine.Tick(State!, now, abnormal);
        State = result.State;
        Effects.AddRange(result.Effects);
        return result;
    }

    /// <summary>Ticks at every wake-up the engine asks for, up to <paramref name="until"/>, as reminders would.</summary>
    public void RunClockUntil(DateTimeOffset until)
    {
        for (var guard = 0; guard < 10_000; guard++)
        {
            var wake = MonitorEngine.NextWakeUp(State!);
            if (wake is null || wake > until)
            {
                return;
            }

            Tick(wake.Value);
        }

        throw new InvalidOperationException("The clock did not settle.");
    }

    public IEnumerable<MonitorEffect> Occurrences => Effects.Where(e => e.Kind == MonitorEffectKind.IncidentOccurrence);

    public IEnumerable<MonitorEffect> Resolutions => Effects.Where(e => e.Kind == MonitorEffectKind.IncidentResolved);

    public static JsonElement Json(object payload) =>
        payload is string text ? JsonDocument.Parse(text).RootElement.Clone() : JsonSerializer.SerializeToElement(payload);

    public static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static string NewGuid(int n) => new Guid(n, 0, 0, [0, 0, 0, 0, 0, 0, 0, 1]).ToString();

    public static object Cron(string schedule, object? extra = null) => extra ?? new { schedule, schedule_type = "crontab" };

    /// <summary>A check-in payload with a per-minute crontab config unless one is given.</summary>
    public static Dictionary<string, object?> CheckIn(string status, string? id = null, object? config = null, string? environment = null, double? duration = null)
    {
        var payload = new Dictionary<string, object?>
        {
            ["check_in_id"] = id ?? Guid.NewGuid().ToString(),
            ["monitor_slug"] = "my-job",
            ["status"] = status,
        };
        if (config is not null)
        {
            payload["monitor_config"] = config;
        }

        if (environment is not null)
        {
            payload["environment"] = environment;
        }

        if (duration is not null)
        {
            payload["duration"] = duration;
        }

        return payload;
    }

    public static object EveryMinute { get; } = new { schedule = "* * * * *", schedule_type = "crontab" };
}
