using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CheckIns.Contracts;

namespace CheckIns.Incidents.Tests;

/// <summary>Monitor status events as the processor's workflows publish them.</summary>
public static class Events
{
    public const long ProjectId = 42;
    public const string Fingerprint = "crons:17";
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static MonitorSnapshot Monitor(string slug = "nightly-backup", string? owner = "user:7") => new()
    {
        Guid = "8f0e3bd1-5d54-4b7c-9b1f-2a7f3f0b6c11",
        Slug = slug,
        Name = "Nightly backup",
        Owner = owner,
        Config = JsonDocument.Parse("""{"schedule":"0 2 * * *","schedule_type":"crontab","checkin_margin":5}""").RootElement,
    };

    public static IncidentSnapshot Incident(string id = "inc-1", string fingerprint = Fingerprint, DateTimeOffset? startedAt = null) => new()
    {
        Id = id,
        Fingerprint = fingerprint,
        StartingCheckInId = "ci-1",
        StartingTimestamp = startedAt ?? T0,
    };

    public static MonitorStatusEvent Occurrence(
        string eventId = "evt-1",
        IncidentSnapshot? incident = null,
        MonitorSnapshot? monitor = null,
        bool muted = false,
        string? traceId = "4bf92f3577b34da6a3ce929d0e0e4736",
        string checkInId = "ci-1",
        string? failureReason = "An error check-in was detected",
        DateTimeOffset? at = null)
    {
        var when = at ?? T0;
        var checkIn = new CheckInSnapshot { Id = checkInId, Status = "error", DateAdded = when, TraceId = traceId };
        return new MonitorStatusEvent
        {
            EventId = eventId,
            Kind = MonitorStatusEventKinds.IncidentOccurrence,
            ProjectId = ProjectId,
            OrganizationId = 3,
            Monitor = monitor ?? Monitor(),
            Environment = "production",
            MonitorEnvironmentId = "17",
            EnvironmentStatus = "error",
            Muted = muted,
            Incident = incident ?? Incident(),
            CheckIn = checkIn,
            PreviousCheckIns = [checkIn],
            FailureReason = failureReason,
            LastSuccessfulCheckIn = new DateTimeOffset(2026, 2, 28, 2, 0, 3, TimeSpan.Zero),
            ReceivedAt = when.AddMilliseconds(250),
            OccurredAt = when.AddSeconds(1),
        };
    }

    public static MonitorStatusEvent Resolved(
        string eventId = "evt-r",
        IncidentSnapshot? incident = null,
        bool muted = false,
        DateTimeOffset? at = null)
    {
        var when = at ?? T0.AddHours(1);
        var resolvedIncident = (incident ?? Incident()) with { ResolvingCheckInId = "ci-ok", ResolvingTimestamp = when };
        return new MonitorStatusEvent
        {
            EventId = eventId,
            Kind = MonitorStatusEventKinds.IncidentResolved,
            ProjectId = ProjectId,
            Monitor = Monitor(),
            Environment = "production",
            MonitorEnvironmentId = "17",
            EnvironmentStatus = "ok",
            Muted = muted,
            Incident = resolvedIncident,
            CheckIn = new CheckInSnapshot { Id = "ci-ok", Status = "ok", DateAdded = when },
            ReceivedAt = when,
            OccurredAt = when.AddSeconds(1),
        };
    }
}

public static class Delivery
{
    /// <summary>Posts <paramref name="evt"/> to the subscription route wrapped in a CloudEvent, as daprd delivers it.</summary>
    public static Task<HttpResponseMessage> DeliverAsync(this HttpClient client, MonitorStatusEvent evt) =>
        client.DeliverRawAsync(JsonSerializer.Serialize(evt, ContractsJsonContext.Default.MonitorStatusEvent));

    public static Task<HttpResponseMessage> DeliverRawAsync(this HttpClient client, string dataJson)
    {
        var cloudEvent = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = Guid.NewGuid().ToString(),
            ["source"] = "processor",
            ["type"] = "com.dapr.event.sent",
            ["topic"] = Topics.MonitorsStatus,
            ["pubsubname"] = DaprNames.CheckInsPubSub,
            ["datacontenttype"] = "application/json",
            ["data"] = DataNode(dataJson),
        };
        var content = new StringContent(cloudEvent.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents+json") { CharSet = "utf-8" };
        return client.PostAsync(new Uri("/events/monitors-status", UriKind.Relative), content, TestContext.Current.CancellationToken);
    }

    /// <summary>Valid JSON travels as the CloudEvent's data object; anything else as a string, as a publisher of garbage would get it.</summary>
    private static JsonNode? DataNode(string data)
    {
        try
        {
            return JsonNode.Parse(data);
        }
        catch (JsonException)
        {
            return JsonValue.Create(data);
        }
    }

    public static async Task<string> DaprStatusAsync(this HttpResponseMessage response)
    {
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return json.RootElement.GetProperty("status").GetString()!;
    }
}
