using System.Text.Json;
using CheckIns.Contracts;
using Dapr.Client;

namespace CheckIns.Ingest.Publishing;

/// <summary>
/// Publishes through the Dapr sidecar with the monitor key as <c>partitionKey</c>, so one
/// monitor's check-ins stay in order on one partition. Check-ins of the same monitor in one
/// request go out in one bulk publish (its metadata applies to every entry); check-ins of
/// different monitors go out side by side.
/// </summary>
public sealed partial class DaprCheckInPublisher(DaprClient dapr, ILogger<DaprCheckInPublisher> logger) : ICheckInPublisher
{
    public async Task PublishAsync(IReadOnlyList<CheckInMessage> messages, CancellationToken cancellationToken)
    {
        var groups = messages.GroupBy(m => m.MonitorKey).Select(g => g.ToList()).ToList();
        var outcomes = await Task.WhenAll(groups.Select(g => PublishGroupAsync(g, cancellationToken)));
        var unpublished = outcomes.SelectMany(o => o.Unpublished).ToList();
        if (unpublished.Count > 0)
        {
            throw new CheckInPublishException(
                $"{unpublished.Count} of {messages.Count} check-ins were not published.",
                outcomes.Select(o => o.Error).FirstOrDefault(e => e is not null))
            {
                UnpublishedMessageIds = unpublished,
            };
        }
    }

    private async Task<GroupOutcome> PublishGroupAsync(List<CheckInMessage> group, CancellationToken cancellationToken)
    {
        var key = group[0].MonitorKey;
        var metadata = new Dictionary<string, string> { [PubSubMetadata.PartitionKey] = key };
        // Serialised with the contracts' context (snake_case) whatever DaprClient's own JSON options are.
        var events = group.Select(m => JsonSerializer.SerializeToElement(m, ContractsJsonContext.Default.CheckInMessage)).ToList();
        try
        {
            if (group.Count == 1)
            {
                await dapr.PublishEventAsync(DaprNames.CheckInsPubSub, Topics.IngestMonitors, events[0], metadata, cancellationToken);
                return GroupOutcome.Published;
            }

            var response = await dapr.BulkPublishEventAsync(DaprNames.CheckInsPubSub, Topics.IngestMonitors, events, metadata, cancellationToken);
            if (response.FailedEntries.Count == 0)
            {
                return GroupOutcome.Published;
            }

            // Entries are numbered in order; report which of ours did not make it.
            var failed = response.FailedEntries
                .Select(f => int.TryParse(f.Entry.EntryId, out var i) && i >= 0 && i < group.Count ? group[i].MessageId : f.Entry.EntryId)
                .ToList();
            LogBulkPartialFailure(logger, failed.Count, group.Count, key, response.FailedEntries[0].ErrorMessage);
            return new GroupOutcome(failed, null);
        }
        // A sidecar that is down, refuses or times out: the client must retry.
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogPublishFailed(logger, e, group.Count, key);
            return new GroupOutcome(group.Select(m => m.MessageId).ToList(), e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {Count} check-ins of {MonitorKey} failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, int count, string monitorKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bulk publish left {Failed} of {Count} check-ins of {MonitorKey} unpublished: {Error}")]
    private static partial void LogBulkPartialFailure(ILogger logger, int failed, int count, string monitorKey, string error);

    private sealed record GroupOutcome(IReadOnlyList<string> Unpublished, Exception? Error)
    {
        public static readonly GroupOutcome Published = new([], null);
    }
}
