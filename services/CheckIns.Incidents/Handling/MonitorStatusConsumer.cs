using CheckIns.Contracts;
using CheckIns.Incidents.Dapr;
using CheckIns.Incidents.Issues;

namespace CheckIns.Incidents.Handling;

public enum HandlingOutcome
{
    /// <summary>The issue was updated and its messages published.</summary>
    Applied,

    /// <summary>The event id was applied before: nothing published again.</summary>
    Duplicate,

    /// <summary>A known event that concerns no issue (a status change without an incident).</summary>
    Ignored,

    /// <summary>An event that can never be handled: Dapr drops it to the dead-letter topic.</summary>
    Rejected,
}

public sealed record HandlingResult(HandlingOutcome Outcome, string? Reason = null);

/// <summary>
/// Applies one <see cref="MonitorStatusEvent"/>: publishes its occurrence (R118) or status change (R120), then
/// records it on the issue. Publishing comes first so that nothing is marked done before it left; a crash between the
/// two republishes the same message (same deterministic ids), which the reader drops. A failure throws, the delivery
/// answers 500, and Dapr redelivers.
/// </summary>
public sealed partial class MonitorStatusConsumer(
    IssueRepository issues,
    IOccurrencePublisher publisher,
    ILogger<MonitorStatusConsumer> logger)
{
    public async Task<HandlingResult> HandleAsync(MonitorStatusEvent evt, CancellationToken cancellationToken)
    {
        if (Validate(evt) is { } problem)
        {
            LogRejected(evt.EventId, problem);
            return new HandlingResult(HandlingOutcome.Rejected, problem);
        }

        if (evt.Incident is not { } incident)
        {
            // An environment status change without an incident changes no issue.
            return new HandlingResult(HandlingOutcome.Ignored);
        }

        var loaded = await issues.GetAsync(evt.ProjectId, incident.Fingerprint, cancellationToken);
        if (loaded?.Record.HasSeen(evt.EventId) == true)
        {
            LogDuplicate(evt.EventId, incident.Fingerprint);
            return new HandlingResult(HandlingOutcome.Duplicate);
        }

        // Indexed before the issue is written, so a listed project never misses an issue that exists.
        await issues.EnsureIndexedAsync(evt.ProjectId, incident.Fingerprint, cancellationToken);

        var occurrence = await PublishAsync(evt, cancellationToken);

        for (var attempt = 1; attempt <= IssueRepository.MaxConcurrencyAttempts; attempt++)
        {
            var updated = IssueTransitions.Apply(loaded?.Record, evt, occurrence);
            if (await issues.TrySaveAsync(updated, loaded?.ETag, cancellationToken))
            {
                LogApplied(evt.EventId, evt.Kind, incident.Fingerprint, updated.Status);
                return new HandlingResult(HandlingOutcome.Applied);
            }

            LogConflict(incident.Fingerprint, attempt);
            loaded = await issues.GetAsync(evt.ProjectId, incident.Fingerprint, cancellationToken);
            if (loaded?.Record.HasSeen(evt.EventId) == true)
            {
                // A concurrent delivery of the same event got there first.
                return new HandlingResult(HandlingOutcome.Duplicate);
            }
        }

        throw new StateConcurrencyException($"Issue {incident.Fingerprint} kept changing while event {evt.EventId} was applied.");
    }

    private async Task<OutgoingMessage?> PublishAsync(MonitorStatusEvent evt, CancellationToken cancellationToken)
    {
        switch (evt.Kind)
        {
            case MonitorStatusEventKinds.IncidentOccurrence when evt.Muted:
                // R74/D16: a muted environment still opens and resolves incidents, but raises no occurrence.
                LogMuted(evt.EventId, evt.Monitor.Slug, evt.Environment);
                return null;
            case MonitorStatusEventKinds.IncidentOccurrence:
                var occurrence = OccurrenceFactory.Occurrence(evt);
                await publisher.PublishAsync(occurrence.PartitionKey, occurrence.Payload, cancellationToken);
                LogPublished(occurrence.PayloadType, occurrence.Id, occurrence.PartitionKey, evt.EventId);
                return occurrence;
            case MonitorStatusEventKinds.IncidentResolved:
                // Resolutions flow whether or not the environment is muted.
                var resolution = OccurrenceFactory.Resolution(evt);
                await publisher.PublishAsync(resolution.PartitionKey, resolution.Payload, cancellationToken);
                LogPublished(resolution.PayloadType, resolution.Id, resolution.PartitionKey, evt.EventId);
                return null;
            default:
                return null;
        }
    }

    /// <summary>What makes an event unusable, or null. Checked before anything is read or written.</summary>
    public static string? Validate(MonitorStatusEvent evt)
    {
        if (string.IsNullOrWhiteSpace(evt.EventId))
        {
            return "event_id is empty.";
        }

        var needsIncident = evt.Kind is MonitorStatusEventKinds.IncidentOccurrence or MonitorStatusEventKinds.IncidentResolved;
        if (!needsIncident && evt.Kind != MonitorStatusEventKinds.EnvironmentStatusChanged)
        {
            return $"Unknown kind \"{evt.Kind}\".";
        }

        if (needsIncident && evt.Incident is null)
        {
            return $"A \"{evt.Kind}\" event must carry its incident.";
        }

        if (evt.Incident is { } incident && (string.IsNullOrWhiteSpace(incident.Fingerprint) || string.IsNullOrWhiteSpace(incident.Id)))
        {
            return "The incident has no id or no fingerprint.";
        }

        return null;
    }

    [LoggerMessage(LogLevel.Warning, "Dropping monitor status event {EventId} to the dead-letter topic: {Problem}")]
    private partial void LogRejected(string eventId, string problem);

    [LoggerMessage(LogLevel.Information, "Monitor status event {EventId} for issue {Fingerprint} was applied before; skipped")]
    private partial void LogDuplicate(string eventId, string fingerprint);

    [LoggerMessage(LogLevel.Information, "Applied {Kind} event {EventId} to issue {Fingerprint}, now {Status}")]
    private partial void LogApplied(string eventId, string kind, string fingerprint, string status);

    [LoggerMessage(LogLevel.Debug, "Issue {Fingerprint} changed concurrently (attempt {Attempt}); reloading")]
    private partial void LogConflict(string fingerprint, int attempt);

    [LoggerMessage(LogLevel.Information, "Occurrence of event {EventId} held back: monitor {MonitorSlug} is muted in {Environment}")]
    private partial void LogMuted(string eventId, string monitorSlug, string environment);

    [LoggerMessage(LogLevel.Information, "Published {PayloadType} {MessageId} with key {PartitionKey} for event {EventId}")]
    private partial void LogPublished(string payloadType, string messageId, string partitionKey, string eventId);
}
