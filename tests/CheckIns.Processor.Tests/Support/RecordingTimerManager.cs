using System.Collections.Concurrent;
using Dapr.Actors.Runtime;

namespace CheckIns.Processor.Tests.Support;

/// <summary>Records the reminders an actor registers and when each is next due on the (fake) clock.</summary>
public sealed class RecordingTimerManager(TimeProvider time) : ActorTimerManager
{
    public ConcurrentDictionary<string, ActorReminder> Reminders { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, DateTimeOffset> NextDue { get; } = new(StringComparer.Ordinal);

    public override Task RegisterReminderAsync(ActorReminder reminder)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        Reminders[reminder.Name] = reminder;
        NextDue[reminder.Name] = time.GetUtcNow() + reminder.DueTime;
        return Task.CompletedTask;
    }

    public override Task<IActorReminder> GetReminderAsync(ActorReminderToken reminder)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        return Task.FromResult<IActorReminder>(Reminders.TryGetValue(reminder.Name, out var r) ? r : null!);
    }

    public override Task UnregisterReminderAsync(ActorReminderToken reminder)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        Reminders.TryRemove(reminder.Name, out _);
        NextDue.TryRemove(reminder.Name, out _);
        return Task.CompletedTask;
    }

    public override Task RegisterTimerAsync(ActorTimer timer) => throw new NotSupportedException("The monitor actor uses reminders only.");

    public override Task UnregisterTimerAsync(ActorTimerToken timer) => throw new NotSupportedException("The monitor actor uses reminders only.");
}
