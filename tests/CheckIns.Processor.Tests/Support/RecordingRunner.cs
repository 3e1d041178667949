using System.Collections.Concurrent;
using CheckIns.Contracts;
using CheckIns.Processor.Subscriptions;

namespace CheckIns.Processor.Tests.Support;

/// <summary>Stands in for the check-in workflows behind the subscription: records each run, fails the monitors it is told to.</summary>
public sealed class RecordingRunner : ICheckInRunner
{
    private int _running;
    private int _maxRunning;
    private TaskCompletionSource? _gate;

    public ConcurrentQueue<(string MonitorKey, string MessageId)> Calls { get; } = new();

    public ConcurrentDictionary<string, bool> Failing { get; } = new(StringComparer.Ordinal);

    public int MaxRunning => Volatile.Read(ref _maxRunning);

    /// <summary>Holds every run until <see cref="Release"/>, so that concurrency can be observed.</summary>
    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate?.TrySetResult();

    public int Running => Volatile.Read(ref _running);

    /// <summary>The message ids run for each monitor, in the order they ran.</summary>
    public Dictionary<string, List<string>> ByMonitor() =>
        Calls.GroupBy(c => c.MonitorKey).ToDictionary(g => g.Key, g => g.Select(c => c.MessageId).ToList());

    public async Task<CheckInRun> RunAsync(CheckInMessage message, CancellationToken cancellationToken)
    {
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _maxRunning, running);
        try
        {
            Calls.Enqueue((message.MonitorKey, message.MessageId));
            if (_gate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            return Failing.ContainsKey(message.MonitorKey) ? CheckInRun.Failed($"workflow of {message.MonitorKey} failed") : CheckInRun.Done;
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
