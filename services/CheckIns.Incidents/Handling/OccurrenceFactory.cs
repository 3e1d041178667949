using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CheckIns.Contracts;

namespace CheckIns.Incidents.Handling;

/// <summary>A message ready for <c>ingest-occurrences</c>: its Kafka key and its JSON bytes.</summary>
public sealed record OutgoingMessage(string PayloadType, string Id, string PartitionKey, ReadOnlyMemory<byte> Payload);

/// <summary>
/// Builds the Sentry-shaped messages of SEMANTICS §19 from a <see cref="MonitorStatusEvent"/>. Every field comes
/// from the event (never from the clock or a random source), so the same event always yields the same bytes.
/// </summary>
public static partial class OccurrenceFactory
{
    /// <summary>R118 occurrence for one failed check-in of an incident.</summary>
    public static OutgoingMessage Occurrence(MonitorStatusEvent evt)
    {
        var incident = evt.Incident ?? throw new ArgumentException("An occurrence needs its incident.", nameof(evt));
        string[] fingerprint = [incident.Fingerprint];
        var reason = string.IsNullOrWhiteSpace(evt.FailureReason) ? OccurrenceWording.UnknownFailureReason : evt.FailureReason;
        var eventId = DeterministicIds.For(DeterministicIds.Event, evt.EventId);
        // D14: detection time is the failed check-in's date_added; R118's "now" would differ on every redelivery.
        var detectedAt = evt.CheckIn?.DateAdded ?? evt.ReceivedAt;

        var message = new IssueOccurrenceMessage
        {
            Id = DeterministicIds.For(DeterministicIds.Occurrence, evt.EventId),
            EventId = eventId,
            ProjectId = evt.ProjectId,
            Fingerprint = fingerprint,
            IssueTitle = OccurrenceWording.Title(evt.Monitor.Name),
            Subtitle = OccurrenceWording.Subtitle(reason),
            DetectionTime = (detectedAt - DateTimeOffset.UnixEpoch).TotalSeconds,
            EvidenceData = Evidence(evt),
            EvidenceDisplay =
            [
                new EvidenceDisplay(OccurrenceWording.FailureReasonLabel, reason, Important: true),
                new EvidenceDisplay(OccurrenceWording.EnvironmentLabel, evt.Environment, Important: false),
                new EvidenceDisplay(
                    OccurrenceWording.LastSuccessfulCheckInLabel,
                    evt.LastSuccessfulCheckIn is { } last ? PythonIsoFormat(last) : OccurrenceWording.NeverSucceeded,
                    Important: false),
            ],
            Assignee = ValidAssignee(evt.Monitor.Owner),
            Event = new OccurrenceEvent
            {
                EventId = eventId,
                ProjectId = evt.ProjectId,
                Environment = evt.Environment,
                Fingerprint = fingerprint,
                Received = evt.ReceivedAt.ToUniversalTime(),
                // R118 stamps the event with "now"; the processor's moment of failure keeps redeliveries identical.
                Timestamp = evt.OccurredAt.ToUniversalTime(),
                Contexts = new OccurrenceContexts
                {
                    Monitor = new MonitorContext
                    {
                        Id = evt.Monitor.Guid,
                        Slug = evt.Monitor.Slug,
                        Name = evt.Monitor.Name,
                        Config = evt.Monitor.Config,
                        Status = evt.EnvironmentStatus,
                    },
                    Trace = string.IsNullOrEmpty(evt.CheckIn?.TraceId) ? null : new TraceContext { TraceId = evt.CheckIn.TraceId },
                },
                Tags = new Dictionary<string, string>
                {
                    ["monitor.id"] = evt.Monitor.Guid,
                    ["monitor.slug"] = evt.Monitor.Slug,
                    ["monitor.incident"] = incident.Id,
                },
            },
        };

        return new OutgoingMessage(
            OccurrencePayloadTypes.Occurrence,
            message.Id,
            OccurrenceKeys.Of(incident.Fingerprint, evt.ProjectId),
            JsonSerializer.SerializeToUtf8Bytes(message, ContractsJsonContext.Default.IssueOccurrenceMessage));
    }

    /// <summary>R120 status change that resolves the incident's issue.</summary>
    public static OutgoingMessage Resolution(MonitorStatusEvent evt)
    {
        var incident = evt.Incident ?? throw new ArgumentException("A resolution needs its incident.", nameof(evt));
        var message = new StatusChangeMessage
        {
            Fingerprint = [incident.Fingerprint],
            ProjectId = evt.ProjectId,
            Id = DeterministicIds.For(DeterministicIds.StatusChange, evt.EventId),
            ActivityData = Activity(evt, incident),
        };

        return new OutgoingMessage(
            OccurrencePayloadTypes.StatusChange,
            message.Id,
            OccurrenceKeys.Of(incident.Fingerprint, evt.ProjectId),
            JsonSerializer.SerializeToUtf8Bytes(message, ContractsJsonContext.Default.StatusChangeMessage));
    }

    /// <summary>R117's names for the check-ins of an occurrence: the failed one, the incident window, the monitor environment.</summary>
    private static Dictionary<string, JsonElement> Evidence(MonitorStatusEvent evt)
    {
        var evidence = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (evt.CheckIn is { } failed)
        {
            evidence["failed_checkin_id"] = JsonString(failed.Id);
        }

        // Sentry's previous_checkin_ids include the failed check-in; an event with no window still names that one.
        IEnumerable<string> window = evt.PreviousCheckIns.Count > 0
            ? evt.PreviousCheckIns.Select(c => c.Id)
            : evt.CheckIn is { } only ? [only.Id] : [];
        evidence["previous_checkin_ids"] = JsonStrings(window);
        if (!string.IsNullOrEmpty(evt.MonitorEnvironmentId))
        {
            evidence["monitor_environment_id"] = JsonString(evt.MonitorEnvironmentId);
        }

        return evidence;
    }

    private static Dictionary<string, JsonElement>? Activity(MonitorStatusEvent evt, IncidentSnapshot incident)
    {
        var activity = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["incident_id"] = JsonString(incident.Id),
        };
        if ((incident.ResolvingCheckInId ?? evt.CheckIn?.Id) is { } resolving)
        {
            activity["resolving_checkin_id"] = JsonString(resolving);
        }

        if (!string.IsNullOrEmpty(evt.MonitorEnvironmentId))
        {
            activity["monitor_environment_id"] = JsonString(evt.MonitorEnvironmentId);
        }

        return activity;
    }

    private static JsonElement JsonString(string value) => Written(w => w.WriteStringValue(value));

    private static JsonElement JsonStrings(IEnumerable<string> values) => Written(w =>
    {
        w.WriteStartArray();
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    });

    private static JsonElement Written(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>R118: "user:ID" or "team:ID"; anything else is an owner Sentry could not resolve, sent as null.</summary>
    public static string? ValidAssignee(string? owner) =>
        owner is not null && OwnerPattern().IsMatch(owner) ? owner : null;

    /// <summary>Python's <c>datetime.isoformat()</c> for an aware UTC time: microseconds only when non-zero, "+00:00".</summary>
    public static string PythonIsoFormat(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        var format = utc.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm:ss.ffffff";
        return utc.ToString(format, CultureInfo.InvariantCulture) + "+00:00";
    }

    [GeneratedRegex("^(user|team):[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex OwnerPattern();
}
