using CheckIns.Contracts;
using CheckIns.Processor.Clock;
using Microsoft.Extensions.Options;

namespace CheckIns.Processor.Subscriptions;

/// <summary>
/// Turns a delivered batch into check-in workflows: entries are grouped by monitor key in arrival order; one
/// monitor's check-ins run one after another, each once the one before it was applied, so concurrent workflows never
/// reorder a monitor (SEMANTICS R20); groups run concurrently up to <see cref="ProcessorOptions.MaxConcurrentMonitors"/>.
/// Because Dapr delivers a partition's next batch only once this one is answered, a monitor's order also holds
/// across batches. Statuses come back per entry. Clock pulses are acknowledged without a workflow (SEMANTICS R21); once
/// the batch is done, each partition's newest ingest time before its first entry left to retry goes to the stream
/// clock (R22: after the batch; a failure there is logged and never fails the delivery).
/// </summary>
public sealed partial class CheckInBatchProcessor(
    ICheckInRunner runner,
    IStreamClock clock,
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

            if (entry.Message.IsClockPulse)
            {
                statuses[i] = EntryStatus.Success;
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
            for (var j = 0; j < members.Count; j++)
            {
                var message = entries[members[j]].Message!;
                var run = await RunAsync(message, ct);
                if (run.Applied)
                {
                    statuses[members[j]] = EntryStatus.Success;
                    continue;
                }

                // The rest of the group must not overtake it: all of it is delivered again, in order, and what
                // did apply is recognised by its message id.
                LogGroupRetried(logger, key, message.MessageId, members.Count - j, run.Failure ?? "unknown");
                for (var k = j; k < members.Count; k++)
                {
                    statuses[members[k]] = EntryStatus.Retry;
                }

                return;
            }
        });

        await ReportClockAsync(entries, statuses, cancellationToken);
        return [.. entries.Select((e, i) => (e.EntryId, statuses[i] ?? EntryStatus.Retry))];
    }

    /// <summary>
    /// A partition's clock may move only up to the entries before its first one left to retry: that one comes again,
    /// and the clock must not pass a check-in not yet applied. A dropped entry is done (it is dead-lettered).
    /// </summary>
    private async Task ReportClockAsync(IReadOnlyList<DeliveredEntry> entries, string?[] statuses, CancellationToken cancellationToken)
    {
        if (!clock.Enabled)
        {
            return;
        }

        var marks = new Dictionary<string, List<DateTimeOffset>>(StringComparer.Ordinal);
        var blocked = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (blocked.Contains(entry.Partition))
            {
                continue;
            }

            if (statuses[i] is null or EntryStatus.Retry)
            {
                blocked.Add(entry.Partition);
                continue;
            }

            if (entry.Message is { } message)
            {
                if (!marks.TryGetValue(entry.Partition, out var times))
                {
                    marks[entry.Partition] = times = [];
                }

                times.Add(message.ReceivedAt);
            }
        }

        foreach (var times in marks.Values)
        {
            times.Sort();
        }

        try
        {
            await clock.ReportAsync(marks, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogClockReportFailed(logger, ex, marks.Count);
        }
    }

    private async Task<CheckInRun> RunAsync(CheckInMessage message, CancellationToken ct)
    {
        try
        {
            return await runner.RunAsync(message, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            return CheckInRun.Failed(ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not report {Partitions} partitions to the stream clock; the next delivery will")]
    private static partial void LogClockReportFailed(ILogger logger, Exception exception, int partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropping entry {EntryId} to the dead-letter topic: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string entryId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Check-in {MessageId} of monitor {MonitorKey} was not applied ({Failure}); asking Dapr to retry it and the {Count} check-ins from it on")]
    private static partial void LogGroupRetried(ILogger logger, string monitorKey, string messageId, int count, string failure);
}
