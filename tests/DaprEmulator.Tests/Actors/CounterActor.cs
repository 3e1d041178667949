using System.Collections.Concurrent;
using System.Runtime.Serialization;
using Dapr.Actors;
using Dapr.Actors.Runtime;

namespace DaprEmulator.Tests.Actors;

public interface ICounterActor : IActor
{
    Task<int> IncrementAsync();

    Task<int> GetAsync();

    Task SetThenThrowAsync(int value);

    Task<int> WaitAtGateAsync(string gate);

    Task RemindAsync(ReminderRequest request);

    Task ForgetReminderAsync(string name);

    Task StartTimerAsync(TimerRequest request);
}

[DataContract]
public sealed record ReminderRequest([property: DataMember] string Name, [property: DataMember] TimeSpan DueTime, [property: DataMember] TimeSpan Period);

[DataContract]
public sealed record TimerRequest([property: DataMember] string Name, [property: DataMember] TimeSpan DueTime, [property: DataMember] TimeSpan Period);

/// <summary>What the actors did, observed by the test (registered as a singleton in the actor app).</summary>
public sealed class ActorProbe
{
    private readonly ConcurrentDictionary<string, int> _inside = new();
    private int _maxInside;

    public ConcurrentDictionary<string, TaskCompletionSource> Gates { get; } = new();

    public ConcurrentDictionary<string, TaskCompletionSource> Entered { get; } = new();

    public ConcurrentQueue<(string ActorId, string Name, DateTimeOffset At)> Reminders { get; } = new();

    public ConcurrentQueue<(string ActorId, string Name, DateTimeOffset At)> Timers { get; } = new();

    public ConcurrentQueue<string> Deactivated { get; } = new();

    public int MaxConcurrentTurnsPerActor => Volatile.Read(ref _maxInside);

    /// <summary>Actor ids that ran a counted turn in this app.</summary>
    public IReadOnlyCollection<string> SeenIds => _inside.Keys.ToList();

    public IDisposable Enter(string actorId)
    {
        var now = _inside.AddOrUpdate(actorId, 1, (_, n) => n + 1);
        int seen;
        while ((seen = Volatile.Read(ref _maxInside)) < now && Interlocked.CompareExchange(ref _maxInside, now, seen) != seen)
        {
        }

        return new Exit(() => _inside.AddOrUpdate(actorId, 0, (_, n) => n - 1));
    }

    public TaskCompletionSource Gate(string name) => Gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public TaskCompletionSource EnteredSignal(string name) => Entered.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private sealed class Exit(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}

public sealed class CounterActor(ActorHost host, ActorProbe probe, TimeProvider time) : Actor(host), ICounterActor, IRemindable
{
    public async Task<int> IncrementAsync()
    {
        using var _ = probe.Enter(Id.GetId());
        var count = await StateManager.GetOrAddStateAsync("count", 0);
        await Task.Yield();
        await StateManager.SetStateAsync("count", count + 1);
        return count + 1;
    }

    public Task<int> GetAsync() => StateManager.GetOrAddStateAsync("count", 0);

    public async Task SetThenThrowAsync(int value)
    {
        await StateManager.SetStateAsync("count", value);
        await StateManager.SetStateAsync("other", "written");
        throw new InvalidOperationException("the turn fails after changing state");
    }

    public async Task<int> WaitAtGateAsync(string gate)
    {
        using var _ = probe.Enter(Id.GetId());
        probe.EnteredSignal(gate).TrySetResult();
        await probe.Gate(gate).Task;
        return 1;
    }

    public Task RemindAsync(ReminderRequest request) =>
        RegisterReminderAsync(request.Name, [1, 2, 3], request.DueTime, request.Period);

    public Task ForgetReminderAsync(string name) => UnregisterReminderAsync(name);

    public Task StartTimerAsync(TimerRequest request) =>
        RegisterTimerAsync(request.Name, nameof(OnTimerAsync), [4], request.DueTime, request.Period);

    public Task OnTimerAsync(byte[] data)
    {
        probe.Timers.Enqueue((Id.GetId(), "timer", time.GetUtcNow()));
        return Task.CompletedTask;
    }

    public Task ReceiveReminderAsync(string reminderName, byte[] state, TimeSpan dueTime, TimeSpan period)
    {
        probe.Reminders.Enqueue((Id.GetId(), reminderName, time.GetUtcNow()));
        return Task.CompletedTask;
    }

    protected override Task OnDeactivateAsync()
    {
        probe.Deactivated.Enqueue(Id.GetId());
        return Task.CompletedTask;
    }
}
