using CheckIns.Contracts;
using Dapr.Actors.Runtime;

namespace CheckIns.Processor.Clock;

/// <summary>
/// The stream clock (SEMANTICS R87–R89): per partition, the newest ingest time up to which the processor has handled
/// every message of that partition; the clock is the slowest partition's. One actor for the topic, so that replicas
/// that read different partitions agree, and its turn lock makes "not passed yet, so wait" and "passed, so wake"
/// exclusive: a wait is either answered passed or woken by the report that passes it.
/// </summary>
public sealed class StreamClockActor(ActorHost host) : Actor(host), IStreamClockActor
{
    /// <summary>The actor id: the topic whose clock it is.</summary>
    public const string ClockId = Topics.IngestMonitors;

    private const string StateKey = "clock";

    public async Task<ClockAdvance> ReportAsync(ClockReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var state = await LoadAsync();
        var changed = false;
        foreach (var (partition, at) in report.Partitions)
        {
            // Re-sending a time or moving backwards never moves the clock (R89); a redelivery reports older times.
            if (!state.Partitions.TryGetValue(partition, out var known) || at > known)
            {
                state.Partitions[partition] = at;
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
            return new ClockReading(clock, Passed: true);
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
        return new StreamClockSnapshot(state.Clock, new Dictionary<string, DateTimeOffset>(state.Partitions, StringComparer.Ordinal), state.Waiters.Count);
    }

    private async Task<StreamClockState> LoadAsync()
    {
        var stored = await StateManager.TryGetStateAsync<StreamClockState>(StateKey);
        return stored.HasValue
            ? new StreamClockState
            {
                Partitions = new(stored.Value.Partitions, StringComparer.Ordinal),
                Waiters = new(stored.Value.Waiters, StringComparer.Ordinal),
            }
            : new StreamClockState();
    }
}
