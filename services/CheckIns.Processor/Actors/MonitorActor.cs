using CheckIns.Contracts;
using CheckIns.Domain;
using CheckIns.Processor.Organizations;
using CheckIns.Processor.Outbox;
using Dapr.Actors.Runtime;
using Microsoft.Extensions.Options;

namespace CheckIns.Processor.Actors;

/// <summary>
/// One monitor, thin over <see cref="MonitorEngine"/>. A turn loads the state, runs the engine on the whole
/// group, and saves the new state together with the events it produced (the outbox) in one actor state
/// transaction. Only then are the events published, and removed from the outbox once the broker took them;
/// what could not be published waits for the outbox-drain reminder. The wake-up reminder runs missed and
/// timeout detection at <see cref="MonitorEngine.NextWakeUp"/>. A failure before the save throws, so Dapr
/// discards the turn and the caller retries it.
/// </summary>
public sealed partial class MonitorActor : Actor, IMonitorActor, IRemindable
{
    public const string StateKey = "monitor";
    public const string OutboxKey = "outbox";
    public const string RemindersKey = "reminders";
    public const string WakeUpReminder = "wake-up";
    public const string OutboxDrainReminder = "outbox-drain";

    private readonly MonitorEngine _engine;
    private readonly IStatusEventPublisher _publisher;
    private readonly IProjectIndex _index;
    private readonly TimeProvider _time;
    private readonly ProcessorOptions _options;
    private readonly OrganizationMonitorLimit? _organizations;

    public MonitorActor(
        ActorHost host,
        MonitorEngine engine,
        IStatusEventPublisher publisher,
        IProjectIndex index,
        TimeProvider time,
        IOptions<ProcessorOptions> options,
        IActorStateManager? stateManager = null,
        OrganizationMonitorLimit? organizations = null)
        : base(host)
    {
        ArgumentNullException.ThrowIfNull(options);
        _engine = engine;
        _publisher = publisher;
        _index = index;
        _time = time;
        _options = options.Value;
        _organizations = organizations;
        if (stateManager is not null)
        {
            StateManager = stateManager;
        }
    }

    public async Task<TurnReport> ApplyAsync(CheckInBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var state = await LoadStateAsync();
        var inputs = batch.Messages
            .Select(m => new CheckInInput(m.MessageId, m.ProjectId, m.OrganizationId, m.MonitorSlug, m.ReceivedAt, m.Payload))
            .ToList();

        // R14: a turn that may create the monitor first reserves its seat in the organisation (Organizations/).
        var result = _organizations is null ? _engine.Apply(state, inputs) : await _organizations.ApplyAsync(_engine, state, inputs);
        await CommitAsync(state, result, WakeUp.IfMoved);

        LogTurn(Logger, Id.GetId(), inputs.Count, result.Effects.Count);
        return new TurnReport([.. result.Outcomes.Select(ToOutcome)]);
    }

    public async Task<ConfigureReply> ConfigureAsync(MonitorConfigRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = await LoadStateAsync();
        var result = _organizations is null
            ? _engine.Configure(state, request, _time.GetUtcNow())
            : await _organizations.ConfigureAsync(_engine, state, request, _time.GetUtcNow());
        if (result.ConfigError is { } error)
        {
            return new ConfigureReply(state, Created: false, error);
        }

        // A new schedule, a disable or an enable moves the deadlines.
        await CommitAsync(state, result, WakeUp.Rearm);
        var updated = result.State ?? state;
        return new ConfigureReply(updated, Created: state?.Exists != true && updated?.Exists == true, Error: null);
    }

    // Per-environment mute and disable (D16): the configure path of one environment.
    public async Task<ConfigureReply> ConfigureEnvironmentAsync(EnvironmentConfigRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = await LoadStateAsync();
        var result = _engine.ConfigureEnvironment(state, request, _time.GetUtcNow());
        if (result.ConfigError is null)
        {
            await CommitAsync(state, result, WakeUp.Rearm);
        }

        return new ConfigureReply(result.State ?? state, Created: false, result.ConfigError);
    }

    public Task<MonitorState?> GetAsync() => LoadStateAsync();

    public async Task ReceiveReminderAsync(string reminderName, byte[] state, TimeSpan dueTime, TimeSpan period)
    {
        switch (reminderName)
        {
            case WakeUpReminder:
                await WakeUpAsync();
                break;
            case OutboxDrainReminder:
                var reminders = await LoadRemindersAsync();
                // It is firing, so it is registered, whatever the bookkeeping says; and it reads the outbox itself.
                reminders.DrainArmed = true;
                reminders.OutboxPending = true;
                if (await DrainOutboxAsync(reminders))
                {
                    await StateManager.SetStateAsync(RemindersKey, reminders);
                }

                await StateManager.SaveStateAsync();
                break;
            default:
                LogUnknownReminder(Logger, reminderName, Id.GetId());
                await UnregisterReminderAsync(reminderName);
                break;
        }
    }

    private async Task WakeUpAsync()
    {
        var state = await LoadStateAsync();
        if (state is null)
        {
            await CommitAsync(null, new TurnResult(null, [], []), WakeUp.Firing);
            return;
        }

        // Missed and timeout detection run on the clock (SEMANTICS §14); the reminder only says when to look.
        var result = _engine.Tick(state, _time.GetUtcNow());
        await CommitAsync(state, result, WakeUp.Firing);
    }

    /// <summary>
    /// The turn's one state transaction (the new state, the new outbox entries and the reminder bookkeeping),
    /// then the publishing of the outbox. The wake-up reminder and the project index are updated before the
    /// save: if the save fails they point at a state that did not commit, which is harmless (a tick finds
    /// nothing due and re-arms; the listing skips slugs without a monitor), and the retried turn redoes them.
    /// </summary>
    private async Task CommitAsync(MonitorState? previous, TurnResult result, WakeUp wakeUp)
    {
        var state = result.State ?? previous;
        var reminders = await LoadRemindersAsync();
        var remindersChanged = await ArmWakeUpAsync(state, reminders, wakeUp);

        if (state is { Exists: true } && !reminders.Indexed)
        {
            // Throws when the index cannot be reached: the turn fails and is retried.
            await _index.AddAsync(state.ProjectId, state.Slug, CancellationToken.None);
            reminders.Indexed = true;
            remindersChanged = true;
        }

        var stateChanged = result.State is not null && !ReferenceEquals(result.State, previous);
        if (stateChanged)
        {
            await StateManager.SetStateAsync(StateKey, result.State!);
        }

        if (result.Effects.Count > 0)
        {
            var outbox = reminders.OutboxPending ? await LoadOutboxAsync() : [];
            var occurredAt = _time.GetUtcNow();
            foreach (var effect in result.Effects)
            {
                if (!outbox.Exists(e => e.EventId == effect.EffectId))
                {
                    outbox.Add(StatusEventMapper.ToStatusEvent(effect, occurredAt));
                }
            }

            await StateManager.SetStateAsync(OutboxKey, outbox);

            // In the same transaction as the outbox, so that a turn that sees it false can skip reading the outbox.
            remindersChanged |= !reminders.OutboxPending;
            reminders.OutboxPending = true;
        }

        if (remindersChanged)
        {
            await StateManager.SetStateAsync(RemindersKey, reminders);
        }

        await StateManager.SaveStateAsync();

        // After the save: what the broker takes leaves the outbox; what it refuses waits for the drain reminder.
        if (await DrainOutboxAsync(reminders))
        {
            await StateManager.SetStateAsync(RemindersKey, reminders);
        }

        await StateManager.SaveStateAsync();
    }

    /// <summary>
    /// Arms the wake-up reminder for the state's next deadline; true when the bookkeeping changed. In a turn that
    /// applies check-ins (<see cref="WakeUp.IfMoved"/>) the reminder is registered again only when the deadline moved
    /// earlier than the time it is armed for, or none is armed: an OK check-in moves the deadline later, and a reminder
    /// that fires before the deadline is harmless (the tick finds nothing due and re-arms for the deadline then), so
    /// re-registering it on every such turn would cost a sidecar call per turn for nothing.
    /// </summary>
    private async Task<bool> ArmWakeUpAsync(MonitorState? state, ReminderBookkeeping reminders, WakeUp wakeUp)
    {
        var next = state is null ? null : MonitorEngine.NextWakeUp(state);
        if (wakeUp == WakeUp.IfMoved && (next == reminders.WakeUpAt || (next is not null && next > reminders.WakeUpAt)))
        {
            return false;
        }

        if (next is { } due)
        {
            var dueIn = due - _time.GetUtcNow();
            await RegisterReminderAsync(WakeUpReminder, [], dueIn < TimeSpan.Zero ? TimeSpan.Zero : dueIn, _options.WakeUpRetryPeriod);
        }
        else if (reminders.WakeUpAt is not null || wakeUp == WakeUp.Firing)
        {
            await UnregisterReminderAsync(WakeUpReminder);
        }

        var changed = reminders.WakeUpAt != next;
        reminders.WakeUpAt = next;
        return changed;
    }

    /// <summary>Publishes the outbox in order and keeps what the broker did not take; true when bookkeeping changed.</summary>
    private async Task<bool> DrainOutboxAsync(ReminderBookkeeping reminders)
    {
        // Most turns produce no event: the bookkeeping, saved with every outbox write, says the outbox is empty,
        // and reading it would cost a state store call per turn.
        var outbox = reminders.OutboxPending ? await LoadOutboxAsync() : [];
        var published = 0;
        foreach (var statusEvent in outbox)
        {
            try
            {
                await _publisher.PublishAsync(statusEvent, Id.GetId(), CancellationToken.None);
                published++;
            }
            catch (Exception ex)
            {
                // Not swallowed: the event stays in the outbox and the drain reminder publishes it later.
                LogPublishFailed(Logger, ex, statusEvent.EventId, Id.GetId(), outbox.Count - published);
                break;
            }
        }

        if (published > 0)
        {
            if (published == outbox.Count)
            {
                await StateManager.TryRemoveStateAsync(OutboxKey);
            }
            else
            {
                await StateManager.SetStateAsync(OutboxKey, outbox.Skip(published).ToList());
            }
        }

        var pending = outbox.Count - published;
        var changed = published > 0 || (pending == 0 && reminders.OutboxPending);
        reminders.OutboxPending = pending > 0;
        if (pending > 0 && !reminders.DrainArmed)
        {
            await RegisterReminderAsync(OutboxDrainReminder, [], _options.OutboxDrainPeriod, _options.OutboxDrainPeriod);
            reminders.DrainArmed = true;
            changed = true;
        }
        else if (pending == 0 && reminders.DrainArmed)
        {
            await UnregisterReminderAsync(OutboxDrainReminder);
            reminders.DrainArmed = false;
            changed = true;
        }

        return changed;
    }

    private async Task<MonitorState?> LoadStateAsync()
    {
        var stored = await StateManager.TryGetStateAsync<MonitorState>(StateKey);
        return stored.HasValue ? stored.Value : null;
    }

    private async Task<List<MonitorStatusEvent>> LoadOutboxAsync()
    {
        var stored = await StateManager.TryGetStateAsync<List<MonitorStatusEvent>>(OutboxKey);
        return stored.HasValue ? [.. stored.Value] : [];
    }

    private async Task<ReminderBookkeeping> LoadRemindersAsync()
    {
        var stored = await StateManager.TryGetStateAsync<ReminderBookkeeping>(RemindersKey);
        return stored.HasValue ? stored.Value : new ReminderBookkeeping();
    }

    private static MessageOutcome ToOutcome(CheckInOutcome outcome) => new(
        outcome.MessageId,
        outcome.Kind switch
        {
            CheckInOutcomeKind.Applied => MessageOutcome.Applied,
            CheckInOutcomeKind.Rejected => MessageOutcome.Rejected,
            _ => MessageOutcome.Duplicate,
        },
        outcome.Error is { } error ? string.Join(", ", error.Errors.Select(e => e.Type.ToString())) : null);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Monitor {MonitorKey} applied {Count} check-ins, {Effects} events")]
    private static partial void LogTurn(ILogger logger, string monitorKey, int count, int effects);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing event {EventId} of monitor {MonitorKey} failed; {Pending} events wait for the outbox drain")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string eventId, string monitorKey, int pending);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unknown reminder {ReminderName} on monitor {MonitorKey}; unregistering it")]
    private static partial void LogUnknownReminder(ILogger logger, string reminderName, string monitorKey);
}

/// <summary>How a turn treats the wake-up reminder.</summary>
internal enum WakeUp
{
    /// <summary>Register it again only when the next deadline moved earlier than the reminder (or it went away).</summary>
    IfMoved,

    /// <summary>Register it again in any case (the config changed).</summary>
    Rearm,

    /// <summary>It is firing: register it for the next deadline, or remove it when there is none.</summary>
    Firing,
}

/// <summary>Which reminders the actor has armed, whether its outbox holds events, and whether the project index knows the monitor.</summary>
public sealed class ReminderBookkeeping
{
    /// <summary>When the wake-up reminder is armed to fire: the next deadline, or earlier (see <c>ArmWakeUpAsync</c>).</summary>
    public DateTimeOffset? WakeUpAt { get; set; }

    public bool DrainArmed { get; set; }

    /// <summary>False only when the outbox is known to be empty (written in the same transaction as the outbox).</summary>
    public bool OutboxPending { get; set; }

    public bool Indexed { get; set; }
}
