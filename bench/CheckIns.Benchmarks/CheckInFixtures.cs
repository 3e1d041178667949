using System.Text;
using System.Text.Json;
using CheckIns.Contracts;
using CheckIns.Domain;
using CheckIns.Domain.Model;

namespace CheckIns.Benchmarks;

/// <summary>
/// Check-ins for one hourly crontab monitor in a zone with DST, built through the engine's public API
/// so that the benchmarks measure exactly what the processor runs.
/// </summary>
internal static class CheckInFixtures
{
    public const long ProjectId = 42;
    public const string Slug = "nightly-report";

    // 2026-03-29 is the spring DST change in Europe/Berlin: the schedule maths crosses it.
    public static readonly DateTimeOffset Start = new(2026, 3, 28, 22, 0, 5, TimeSpan.Zero);

    private const string ConfigJson =
        """{"schedule":"0 * * * *","schedule_type":"crontab","timezone":"Europe/Berlin","checkin_margin":5,"max_runtime":30}""";

    public static CheckInInput Input(string messageId, string checkInId, string status, DateTimeOffset receivedAt, bool withConfig = false)
    {
        var json = withConfig
            ? $$"""{"check_in_id":"{{checkInId}}","monitor_slug":"{{Slug}}","status":"{{status}}","environment":"production","monitor_config":{{ConfigJson}}}"""
            : $$"""{"check_in_id":"{{checkInId}}","monitor_slug":"{{Slug}}","status":"{{status}}","environment":"production"}""";
        using var document = JsonDocument.Parse(json);
        return new CheckInInput(messageId, ProjectId, OrganizationId: 1, Slug, receivedAt, document.RootElement.Clone());
    }

    public static string NewCheckInId() => Guid.NewGuid().ToString("N");

    /// <summary>A monitor created by an upsert check-in, whose production environment is OK.</summary>
    public static MonitorState HealthyMonitor(MonitorEngine engine)
    {
        var created = engine.Apply(null, [Input("m-0", NewCheckInId(), "ok", Start, withConfig: true)]);
        return created.State ?? throw new InvalidOperationException("the upsert check-in did not create the monitor");
    }

    /// <summary>The bytes of an ingest message as the processor receives them.</summary>
    public static byte[] MessageBytes(CheckInInput input)
    {
        var message = new CheckInMessage
        {
            MessageId = input.MessageId,
            ProjectId = input.ProjectId,
            OrganizationId = input.OrganizationId,
            ReceivedAt = input.ReceivedAt,
            MonitorSlug = input.MonitorSlug,
            Payload = input.Payload,
            Sdk = "sentry.dotnet",
            Source = "envelope",
        };
        return Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message, ContractsJsonContext.Default.CheckInMessage));
    }
}
