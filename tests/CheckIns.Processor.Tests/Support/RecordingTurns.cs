using System.Collections.Concurrent;
using CheckIns.Contracts;
using CheckIns.Processor.Actors;

namespace CheckIns.Processor.Tests.Support;

/// <summary>Stands in for the monitor actors behind the subscription: records each turn, fails the monitors it is told to.</summary>
public sealed class RecordingTurns : IMonitorTurns
{
    private int _running;
    private int _maxRunning;
    private TaskCompletionSource? _gate;

    public ConcurrentQueue<(string MonitorKey, IReadOnlyList<string> MessageIds)> Calls { get; } = new();

    public ConcurrentDictionary<string, bool> Failing { get; } = new(StringComparer.Ordinal);

    public int MaxRunning => Volatile.Read(ref _maxRunning);

    /// <summary>Holds every turn until <see cref="Release"/>, so that concurrency can be observed.</summary>
    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate?.TrySetResult();

    public int Running => Volatile.Read(ref _running);

    public async Task<TurnReport> ApplyAsync(string monitorKey, IReadOnlyList<CheckInMessage> messages, CancellationToken cancellationToken)
    {
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _maxRunning, running);
        try
        {
            Calls.Enqueue((monitorKey, messages.Select(m => m.MessageId).ToList()));
            if (_gate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            if (Failing.ContainsKey(monitorKey))
            {
                throw new InvalidOperationException($"turn of {monitorKey} failed");
            }

            return new TurnReport([.. messages.Select(m => new MessageOutcome(m.MessageId, MessageOutcome.Applied))]);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
