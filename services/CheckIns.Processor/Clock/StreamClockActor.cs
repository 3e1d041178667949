using CheckIns.Contracts;
using Dapr.Actors.Runtime;
using Microsoft.Extensions.Options;

namespace CheckIns.Processor.Clock;

/// <summary>
/// The stream clock (SEMANTICS R87–R89): per partition, the newest ingest time up to which the processor has handled
/// every message of that partition; the clock is the slowest partition's. One actor for the topic, so that replicas
/// that read different partitions agree, and its turn lock makes "not passed yet, so wait" and "passed, so wake"
/// exclusive: a wait is either answered passed or woken by the report that passes it.
/// </summary>
public sealed class StreamClockActor(ActorHost host, IOptions<StreamClockOptions> options) : Actor(host), IStreamClockActor
{
    /// <summary>Outages kept to judge deadlines by; a deadline waits minutes to hours, not weeks.</summary>
    public const int OutagesKept = 100;

    /// <summary>The actor id: the topic whose clock it is.</summary>
    public const string ClockId = Topics.IngestMonitors;

    private const string StateKey = "clock";

    public async Task<ClockAdvance> ReportAsync(ClockReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var state = await LoadAsync();
        var changed = false;
        var threshold = options.Value.OutageThreshold;
        foreach (var (partition, times) in report.Partitions)
        {
            if (times.Count == 0)
            {
                continue;
            }

            var seen = state.Partitions.TryGetValue(partition, out var known);
            if (threshold > TimeSpan.Zero)
            {
                changed |= RecordOutages(state, seen ? known : null, times, threshold);
            }

            // Re-sending a time or moving backwards never moves the clock (R89); a redelivery reports older times.
            var newest = times[^1];
            if (!seen || newest > known)
            {
                state.Partitions[partition] = newest;
                changed = true;
            }
        }

        var woken = new List<string>();
        if (state.Clock is { } clock)
        {
            foreach (var (instanceId, until) in state.Waiters)
            {
                if (until <= clock)
                {
                    woken.Add(instanceId);
                }
            }

            foreach (var instanceId in woken)
            {
                state.Waiters.Remove(instanceId);
            }
        }

        if (changed || woken.Count > 0)
        {
            await StateManager.SetStateAsync(StateKey, state);
        }

        return new ClockAdvance(state.Clock, woken);
    }

    public async Task<ClockReading> AwaitAsync(ClockWait wait)
    {
        ArgumentNullException.ThrowIfNull(wait);
        var state = await LoadAsync();
        if (state.Clock is { } clock && clock >= wait.Until)
        {
            return new ClockReading(clock, Passed: true, state.Outages.Exists(o => o.From < wait.Until && wait.Until <= o.To));
        }

        if (!state.Waiters.TryGetValue(wait.InstanceId, out var until) || until != wait.Until)
        {
            state.Waiters[wait.InstanceId] = wait.Until;
            await StateManager.SetStateAsync(StateKey, state);
        }

        return new ClockReading(state.Clock, Passed: false);
    }

    public async Task<StreamClockSnapshot> GetAsync()
    {
        var state = await LoadAsync();
        return new StreamClockSnapshot(
            state.Clock, new Dictionary<string, DateTimeOffset>(state.Partitions, StringComparer.Ordinal), state.Waiters.Count, [.. state.Outages]);
    }

    /// <summary>Every step from one message of the partition to the next (the first from its known clock) longer than the threshold.</summary>
    private static bool RecordOutages(StreamClockState state, DateTimeOffset? known, List<DateTimeOffset> times, TimeSpan threshold)
    {
        var recorded = false;
        var previous = known;
        foreach (var at in times)
        {
            if (previous is { } from && at - from > threshold && !state.Outages.Exists(o => o.From <= from && at <= o.To))
            {
                state.Outages.Add(new StreamOutage(from, at));
                recorded = true;
            }

            if (previous is null || at > previous)
            {
                previous = at;
            }
        }

        if (state.Outages.Count > OutagesKept)
        {
            state.Outages.RemoveRange(0, state.Outages.Count - OutagesKept);
        }

        return recorded;
    }

    private async Task<StreamClockState> LoadAsync()
    {
        var stored = await StateManager.TryGetStateAsync<StreamClockState>(StateKey);
        return stored.HasValue
            ? new StreamClockState
            {
                Partitions = new(stored.Value.Partitions, StringComparer.Ordinal),
                Waiters = new(stored.Value.Waiters, StringComparer.Ordinal),
                Outages = [.. stored.Value.Outages ?? []],
            }
            : new StreamClockState();
    }
}
