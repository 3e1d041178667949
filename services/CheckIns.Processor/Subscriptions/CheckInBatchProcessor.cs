using CheckIns.Processor.Actors;
using Microsoft.Extensions.Options;

namespace CheckIns.Processor.Subscriptions;

/// <summary>
/// Turns a delivered batch into monitor turns: entries are grouped by monitor key in arrival order,
/// each group is one actor call, and groups run concurrently up to
/// <see cref="ProcessorOptions.MaxConcurrentMonitors"/> (SEMANTICS R20). Statuses come back per entry.
/// </summary>
public sealed partial class CheckInBatchProcessor(
    IMonitorTurns turns,
    IOptions<ProcessorOptions> options,
    ILogger<CheckInBatchProcessor> logger)
{
    public async Task<IReadOnlyList<(string EntryId, string Status)>> ProcessAsync(
        IReadOnlyList<DeliveredEntry> entries,
        CancellationToken cancellationToken)
    {
        var statuses = new string[entries.Count];
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<string>();

        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.Message is null)
            {
                LogUnreadable(logger, entry.EntryId, entry.Unreadable ?? "unknown");
                statuses[i] = EntryStatus.Drop;
                continue;
            }

            var key = entry.Message.MonitorKey;
            if (!groups.TryGetValue(key, out var members))
            {
                groups[key] = members = [];
                order.Add(key);
            }

            members.Add(i);
        }

        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, options.Value.MaxConcurrentMonitors),
            CancellationToken = cancellationToken,
        };

        await Parallel.ForEachAsync(order, parallel, async (key, ct) =>
        {
            var members = groups[key];
            var messages = members.Select(i => entries[i].Message!).ToList();
            string[] groupStatuses;
            try
            {
                var report = await turns.ApplyAsync(key, messages, ct);
                groupStatuses = StatusesFor(messages.Select(m => m.MessageId).ToList(), report);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // Nothing of the turn was committed; Dapr redelivers and the actor's message-id window
                // keeps whatever did commit from being applied twice.
                LogTurnFailed(logger, ex, key, messages.Count);
                groupStatuses = [.. messages.Select(_ => EntryStatus.Retry)];
            }

            for (var j = 0; j < members.Count; j++)
            {
                statuses[members[j]] = groupStatuses[j];
            }
        });

        return [.. entries.Select((e, i) => (e.EntryId, statuses[i] ?? EntryStatus.Retry))];
    }

    private string[] StatusesFor(IReadOnlyList<string> messageIds, TurnReport report)
    {
        var known = new HashSet<string>(report.Outcomes.Select(o => o.MessageId), StringComparer.Ordinal);
        return [.. messageIds.Select(id =>
        {
            if (known.Contains(id))
            {
                return EntryStatus.Success;
            }

            LogOutcomeMissing(logger, id);
            return EntryStatus.Retry;
        })];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropping entry {EntryId} to the dead-letter topic: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string entryId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn of monitor {MonitorKey} failed for {Count} check-ins; asking Dapr to retry them")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception, string monitorKey, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The monitor turn reported no outcome for message {MessageId}; asking Dapr to retry it")]
    private static partial void LogOutcomeMissing(ILogger logger, string messageId);
}
