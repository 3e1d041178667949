using System.Text.Json;
using CheckIns.Contracts;

namespace CheckIns.Processor.Tests.Support;

/// <summary>Builds check-in messages as ingest publishes them.</summary>
public static class Messages
{
    public static CheckInMessage CheckIn(
        long projectId,
        string slug,
        string status,
        DateTimeOffset receivedAt,
        string? messageId = null,
        string? checkInId = null,
        string? environment = null,
        object? monitorConfig = null,
        double? duration = null)
    {
        var payload = new Dictionary<string, object?>
        {
            ["check_in_id"] = checkInId ?? Guid.NewGuid().ToString("N"),
            ["monitor_slug"] = slug,
            ["status"] = status,
        };
        if (environment is not null)
        {
            payload["environment"] = environment;
        }

        if (monitorConfig is not null)
        {
            payload["monitor_config"] = monitorConfig;
        }

        if (duration is not null)
        {
            payload["duration"] = duration;
        }

        return new CheckInMessage
        {
            MessageId = messageId ?? Guid.NewGuid().ToString("N"),
            ProjectId = projectId,
            OrganizationId = 1,
            ReceivedAt = receivedAt,
            MonitorSlug = slug,
            Payload = JsonSerializer.SerializeToElement(payload),
            Source = "native",
        };
    }

    /// <summary>A crontab monitor_config, every minute unless told otherwise.</summary>
    public static object CrontabConfig(string schedule = "* * * * *", int? failureThreshold = null, int? recoveryThreshold = null, int? maxRuntime = null, int? margin = null) =>
        new Dictionary<string, object?>
        {
            ["schedule_type"] = "crontab",
            ["schedule"] = schedule,
            ["checkin_margin"] = margin,
            ["max_runtime"] = maxRuntime,
            ["failure_issue_threshold"] = failureThreshold,
            ["recovery_threshold"] = recoveryThreshold,
        };

    public static JsonElement ToJson(CheckInMessage message) =>
        JsonSerializer.SerializeToElement(message, ContractsJsonContext.Default.CheckInMessage);

    /// <summary>A bulk envelope as daprd posts it: every entry carries the whole CloudEvent.</summary>
    public static string BulkEnvelope(params object[] events)
    {
        var entries = events.Select((e, i) => new Dictionary<string, object?>
        {
            ["entryId"] = $"entry-{i}",
            ["event"] = e,
            ["contentType"] = "application/cloudevents+json",
            ["metadata"] = new Dictionary<string, string>(),
        });
        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["type"] = "com.dapr.event.sent.bulk",
            ["topic"] = Topics.IngestMonitors,
            ["pubsubname"] = DaprNames.CheckInsPubSub,
            ["metadata"] = new Dictionary<string, string>(),
            ["entries"] = entries,
        });
    }

    public static Dictionary<string, object?> CloudEvent(object data) => new()
    {
        ["specversion"] = "1.0",
        ["id"] = Guid.NewGuid().ToString(),
        ["source"] = "ingest",
        ["type"] = "com.dapr.event.sent",
        ["datacontenttype"] = "application/json",
        ["topic"] = Topics.IngestMonitors,
        ["pubsubname"] = DaprNames.CheckInsPubSub,
        ["data"] = data,
    };
}
