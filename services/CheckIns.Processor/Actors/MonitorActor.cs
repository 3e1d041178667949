using CheckIns.Contracts;
using CheckIns.Domain;
using CheckIns.Domain.Config;
using CheckIns.Domain.Effects;
using CheckIns.Domain.Errors;
using CheckIns.Domain.Model;
using CheckIns.Processor.Organizations;
using CheckIns.Processor.ProcessingErrors;
using CheckIns.Processor.StatusEvents;
using CheckIns.Processor.Storage;
using Dapr.Actors.Runtime;
using Microsoft.Extensions.Options;

namespace CheckIns.Processor.Actors;

/// <summary>
/// One monitor, thin over <see cref="MonitorEngine"/>, and the unit of consistency of its check-ins: an operation
/// (one check-in, one timeout, one tick) loads the state, runs the engine and saves the new state together with
/// the operation's reply in one actor state transaction, then answers the events to publish. Publishing and the
/// timeout waits belong to the workflows that call it (<c>Workflows/</c>). The wake-up reminder only says when
/// missed detection is due: it starts the tick workflow, which calls <see cref="TickAsync"/>. A failure before the
/// save throws, so Dapr discards the turn and the caller retries it.
/// </summary>
public sealed partial class MonitorActor : Actor, IMonitorActor, IRemindable
{
    public const string StateKey = "monitor";
    public const string OperationsKey = "operations";
    public const string RemindersKey = "reminders";
    public const string WakeUpReminder = "wake-up";
    public const string PingUuidInUse = "This ping UUID belongs to another monitor environment.";

    private readonly MonitorEngine _engine;
    private readonly IProjectIndex _index;
    private readonly ITickScheduler _ticks;
    private readonly TimeProvider _time;
    private readonly ProcessorOptions _options;
    private readonly OrganizationMonitorLimit? _organizations;
    private readonly IPingUuidIndex? _pingUuids;
    private (MonitorStateV1? Stored, MonitorState? Model) _loaded;

    public MonitorActor(
        ActorHost host,
        MonitorEngine engine,
        IProjectIndex index,
        ITickScheduler ticks,
        TimeProvider time,
        IOptions<ProcessorOptions> options,
        OrganizationMonitorLimit? organizations = null,
        IPingUuidIndex? pingUuids = null)
        : base(host)
    {
        ArgumentNullException.ThrowIfNull(options);
        _engine = engine;
        _index = index;
        _ticks = ticks;
        _time = time;
        _options = options.Value;
        _organizations = organizations;
        _pingUuids = pingUuids;
    }

    public async Task<OperationReply> ApplyAsync(CheckInMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var operations = await LoadOperationsAsync();
        if (Kept(operations, message.MessageId) is { } kept)
        {
            return kept;
        }

        var state = await LoadStateAsync();
        var input = new CheckInInput(message.MessageId, message.ProjectId, message.OrganizationId, message.MonitorSlug, message.ReceivedAt, message.Payload, message.Body)
        {
            MonitorConfigCreateOnly = message.MonitorConfigCreateOnly,
        };
        // R14: a check-in that may create the monitor first reserves its seat in the organisation (Organizations/).
        var result = _organizations is null ? _engine.Apply(state, [input]) : await _organizations.ApplyAsync(_engine, state, [input]);
        var outcome = result.Outcomes[0];
        var reply = new OperationReply(
            message.MessageId,
            outcome.Kind switch
            {
                CheckInOutcomeKind.Applied => OperationReply.Applied,
                CheckInOutcomeKind.Rejected => OperationReply.Rejected,
                _ => OperationReply.Duplicate,
            },
            outcome.Error is { } error ? string.Join(", ", error.Errors.Select(e => e.Type.ToString())) : null,
            ToEvents(result.Effects),
            WatchFor(state, result.State, outcome),
            ProjectError: ProjectErrorOf(message, result.State ?? state, outcome));

        await CommitAsync(state, result, WakeUp.IfMoved, operations, reply);
        LogApplied(Logger, Id.GetId(), message.MessageId, reply.Outcome, reply.Events.Count);
        return reply;
    }

    public async Task<OperationReply> TimeOutAsync(TimeoutRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var operations = await LoadOperationsAsync();
        if (Kept(operations, request.OperationId) is { } kept)
        {
            return kept;
        }

        var state = await LoadStateAsync();
        if (state is null)
        {
            return new OperationReply(request.OperationId, OperationReply.Finished, null, []);
        }

        var timeout = _engine.TimeOut(state, request.Environment, request.CheckInId, request.Now, request.Abnormal);
        var reply = new OperationReply(
            request.OperationId,
            timeout.Verdict switch
            {
                TimeoutVerdict.TimedOut => OperationReply.TimedOut,
                TimeoutVerdict.StillRunning => OperationReply.StillRunning,
                _ => OperationReply.Finished,
            },
            null,
            ToEvents(timeout.Turn.Effects),
            RunningUntil: timeout.RunningUntil);

        // A timeout can move the missed deadline (R94 marks the environment failed and re-computes the next slot).
        await CommitAsync(state, timeout.Turn, WakeUp.IfMoved, operations, reply);
        return reply;
    }

    public async Task<OperationReply> TickAsync(TickRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var operations = await LoadOperationsAsync();
        if (Kept(operations, request.OperationId) is { } kept)
        {
            return kept;
        }

        var state = await LoadStateAsync();
        var result = state is null
            ? new TurnResult(null, [], [])
            // Missed detection runs on the clock (SEMANTICS §14); the reminder only says when to look.
            : _engine.Tick(state, request.Now, request.Abnormal);
        var reply = new OperationReply(request.OperationId, OperationReply.Ticked, null, ToEvents(result.Effects));
        await CommitAsync(state, result, WakeUp.Firing, operations, reply);
        return reply;
    }

    public async Task AcknowledgeAsync(string operationId)
    {
        var operations = await LoadOperationsAsync();
        var at = operations.FindLastIndex(o => string.Equals(o.OperationId, operationId, StringComparison.Ordinal));
        if (at < 0 || (operations[at].Events.Count == 0 && operations[at].Timeout is null))
        {
            return;
        }

        // The outcome stays: a rerun answers it, with nothing left to publish or to watch.
        operations[at] = operations[at] with { Events = [], Timeout = null };
        await StateManager.SetStateAsync(OperationsKey, operations);
        await StateManager.SaveStateAsync();
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
        await CommitAsync(state, result, WakeUp.Rearm, operations: null, reply: null);
        var updated = result.State ?? state;
        return new ConfigureReply(updated, Created: state?.Exists != true && updated?.Exists == true, Error: null);
    }

    // Per-environment mute and disable (D16): the configure path of one environment.
    public async Task<ConfigureReply> ConfigureEnvironmentAsync(EnvironmentConfigRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = await LoadStateAsync();
        var result = _engine.ConfigureEnvironment(state, request, _time.GetUtcNow());
        if (result.ConfigError is null && !await ClaimPingUuidsAsync(state, result.State))
        {
            // Another environment holds the UUID: refused before anything is saved.
            var errors = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
            {
                ["ping_uuid"] = [PingUuidInUse],
            };
            return new ConfigureReply(state, Created: false, ProcessingError.WithErrors(ProcessingErrorType.MonitorInvalidConfig, errors));
        }

        if (result.ConfigError is null)
        {
            await CommitAsync(state, result, WakeUp.Rearm, operations: null, reply: null);
        }

        var created = result.ConfigError is null && state?.FindEnvironment(request.Environment) is null
            && result.State?.FindEnvironment(request.Environment) is not null;
        return new ConfigureReply(result.State ?? state, created, result.ConfigError);
    }

    public Task<MonitorState?> GetAsync() => LoadStateAsync();

    public async Task ReceiveReminderAsync(string reminderName, byte[] state, TimeSpan dueTime, TimeSpan period)
    {
        if (reminderName != WakeUpReminder)
        {
            LogUnknownReminder(Logger, reminderName, Id.GetId());
            await UnregisterReminderAsync(reminderName);
            return;
        }

        // The tick runs in its own workflow (which calls TickAsync and publishes), keyed by the deadline, so a
        // reminder that fires twice for one deadline starts it once. Throws when it could not be started: the
        // periodic reminder fires again.
        var reminders = await LoadRemindersAsync();
        var deadline = reminders.WakeUpAt ?? _time.GetUtcNow();
        await _ticks.ScheduleAsync(Id.GetId(), deadline, CancellationToken.None);
    }

    /// <summary>
    /// The turn's one state transaction: the new state, the operation's reply when it must be kept, and the
    /// reminder bookkeeping. The wake-up reminder and the project index are updated before the save: if the save
    /// fails they point at a state that did not commit, which is harmless (a tick finds nothing due and re-arms;
    /// the listing skips slugs without a monitor), and the retried turn redoes them.
    /// </summary>
    private async Task CommitAsync(MonitorState? previous, TurnResult result, WakeUp wakeUp, List<OperationReply>? operations, OperationReply? reply)
    {
        var state = result.State ?? previous;
        var reminders = await LoadRemindersAsync();
        var remindersChanged = await ArmWakeUpAsync(state, reminders, wakeUp);

        // The overview entry is written only when it changed (a status transition, a mute, a disable, a new
        // environment, a new monitor) or was never written (a monitor indexed before the index kept entries): never
        // for a plain check-in, the hot path. Throws when the index cannot be reached: the turn fails and is retried.
        if (state is { Monitor: { } monitor } && (!reminders.Indexed || !reminders.InOverview || MonitorOverviews.Changed(previous, state)))
        {
            await _index.SetOverviewAsync(state.ProjectId, MonitorOverviews.Of(state, monitor), CancellationToken.None);
            remindersChanged |= !reminders.Indexed || !reminders.InOverview;
            reminders.Indexed = true;
            reminders.InOverview = true;
        }

        // A new environment's UUID (or one set through the API) is indexed before the save, like the project index:
        // a saved UUID is always found, and an entry of a turn that did not commit is refused by the lookup's check.
        if (!await ClaimPingUuidsAsync(previous, result.State))
        {
            throw new InvalidOperationException($"A new ping UUID of monitor {Id.GetId()} is taken by another environment; the turn is retried with a new one.");
        }

        if (result.State is not null && !ReferenceEquals(result.State, previous))
        {
            var stored = MonitorStateMapper.ToStored(result.State);
            await StateManager.SetStateAsync(StateKey, stored);
            _loaded = (stored, result.State);
        }

        // Only a reply with something to redo is kept: a repeat of any other operation is answered by the engine's
        // applied-id window (duplicate) or finds nothing due, which loses nothing.
        if (operations is not null && reply is not null && (reply.Events.Count > 0 || reply.Timeout is not null))
        {
            operations.Add(reply);
            var kept = Math.Max(1, _options.OperationRepliesKept);
            if (operations.Count > kept)
            {
                operations.RemoveRange(0, operations.Count - kept);
            }

            await StateManager.SetStateAsync(OperationsKey, operations);
        }

        if (remindersChanged)
        {
            await StateManager.SetStateAsync(RemindersKey, reminders);
        }

        await StateManager.SaveStateAsync();
        await ReleasePingUuidsAsync(previous, result.State);
    }

    /// <summary>The ping UUIDs that <paramref name="after"/> has and <paramref name="before"/> had not.</summary>
    private static IEnumerable<(Guid Uuid, PingTarget Target)> NewPingUuids(MonitorState? before, MonitorState? after)
    {
        if (after is null || ReferenceEquals(before, after))
        {
            yield break;
        }

        foreach (var environment in after.Environments)
        {
            if (environment.PingUuid is { } uuid && before?.FindEnvironment(environment.Name)?.PingUuid != uuid)
            {
                yield return (uuid, new PingTarget(after.ProjectId, after.Slug, environment.Name));
            }
        }
    }

    /// <summary>Claims the turn's new ping UUIDs; false when one is another environment's.</summary>
    private async Task<bool> ClaimPingUuidsAsync(MonitorState? before, MonitorState? after)
    {
        if (_pingUuids is null)
        {
            return true;
        }

        foreach (var (uuid, target) in NewPingUuids(before, after))
        {
            // Throws when the index cannot be reached: the turn fails and is retried.
            if (!await _pingUuids.ClaimAsync(uuid, target, CancellationToken.None))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// After the save, forgets the UUIDs the turn replaced. A release that fails leaves an entry that the lookup's
    /// check against the monitor refuses, so it is logged and the committed turn stands.
    /// </summary>
    private async Task ReleasePingUuidsAsync(MonitorState? before, MonitorState? after)
    {
        if (_pingUuids is null || after is null)
        {
            // No new state: the turn changed nothing, and every UUID it had stays.
            return;
        }

        foreach (var (uuid, target) in NewPingUuids(after, before))
        {
            try
            {
                await _pingUuids.ReleaseAsync(uuid, target, CancellationToken.None);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogReleaseFailed(Logger, e, uuid, Id.GetId());
            }
        }
    }

    /// <summary>
    /// Arms the wake-up reminder for the state's next missed deadline; true when the bookkeeping changed. In a turn
    /// that applies a check-in (<see cref="WakeUp.IfMoved"/>) the reminder is registered again only when the deadline
    /// moved earlier than the time it is armed for, or none is armed: an OK check-in moves the deadline later, and a
    /// reminder that fires before the deadline is harmless (the tick finds nothing due and re-arms for the deadline
    /// then), so re-registering it on every such turn would cost a sidecar call per turn for nothing.
    /// </summary>
    private async Task<bool> ArmWakeUpAsync(MonitorState? state, ReminderBookkeeping reminders, WakeUp wakeUp)
    {
        var next = state is null ? null : MonitorEngine.NextMissedDeadline(state);
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

    /// <summary>
    /// SEMANTICS R105: the error of a check-in for a slug with no monitor belongs to the project. A repeat of the
    /// message (its first reply lost with a crashed activity) answers the record it left, so that the workflow's
    /// next step still records it; the project's store keeps one per message.
    /// </summary>
    private static ProjectErrorEntry? ProjectErrorOf(CheckInMessage message, MonitorState? after, CheckInOutcome outcome)
    {
        if (after?.Exists == true)
        {
            return null;
        }

        var record = outcome.Kind == CheckInOutcomeKind.Duplicate
            ? after?.ProcessingErrors.FirstOrDefault(r => string.Equals(r.MessageId, message.MessageId, StringComparison.Ordinal))
            : outcome.Error;
        return record is null ? null : new ProjectErrorEntry(record, message.MonitorSlug, outcome.Environment);
    }

    /// <summary>The check-in's durable wait: start or extend it while the check-in runs, end it when it closed.</summary>
    private TimeoutWatch? WatchFor(MonitorState? before, MonitorState? after, CheckInOutcome outcome)
    {
        if (outcome.Kind != CheckInOutcomeKind.Applied || outcome.CheckInId is not { } id || outcome.Environment is not { } name)
        {
            return null;
        }

        var now = after?.FindEnvironment(name)?.CheckIns.FirstOrDefault(c => c.Id == id);
        if (now is { Status: CheckInStatus.InProgress, TimeoutAt: { } timeoutAt })
        {
            return new TimeoutWatch(Id.GetId(), name, id, timeoutAt);
        }

        var was = before?.FindEnvironment(name)?.CheckIns.FirstOrDefault(c => c.Id == id);
        return was is { Status: CheckInStatus.InProgress, TimeoutAt: not null } ? new TimeoutWatch(Id.GetId(), name, id, null) : null;
    }

    private List<MonitorStatusEvent> ToEvents(IReadOnlyList<MonitorEffect> effects)
    {
        if (effects.Count == 0)
        {
            return [];
        }

        // Kept with the reply, so a repeated operation answers the same events with the same times.
        var occurredAt = _time.GetUtcNow();
        return [.. effects.Select(e => StatusEventMapper.ToStatusEvent(e, occurredAt))];
    }

    private static OperationReply? Kept(List<OperationReply> operations, string operationId)
    {
        for (var i = operations.Count - 1; i >= 0; i--)
        {
            if (string.Equals(operations[i].OperationId, operationId, StringComparison.Ordinal))
            {
                return operations[i];
            }
        }

        return null;
    }

    /// <summary>
    /// The state of the last committed turn, read through its stored schema (<c>Storage/</c>). The state manager
    /// keeps the stored value between turns, so the model mapped from it is kept too while it is the same value.
    /// </summary>
    private async Task<MonitorState?> LoadStateAsync()
    {
        var stored = await StateManager.TryGetStateAsync<MonitorStateV1>(StateKey);
        if (!stored.HasValue)
        {
            return null;
        }

        if (!ReferenceEquals(stored.Value, _loaded.Stored))
        {
            _loaded = (stored.Value, MonitorStateMapper.ToModel(stored.Value));
        }

        return _loaded.Model;
    }

    private async Task<List<OperationReply>> LoadOperationsAsync()
    {
        var stored = await StateManager.TryGetStateAsync<List<OperationReply>>(OperationsKey);
        return stored.HasValue ? [.. stored.Value] : [];
    }

    private async Task<ReminderBookkeeping> LoadRemindersAsync()
    {
        var stored = await StateManager.TryGetStateAsync<ReminderBookkeeping>(RemindersKey);
        return stored.HasValue ? stored.Value : new ReminderBookkeeping();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Monitor {MonitorKey} applied message {MessageId}: {Outcome}, {Events} events")]
    private static partial void LogApplied(ILogger logger, string monitorKey, string messageId, string outcome, int events);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the replaced ping UUID {PingUuid} of monitor {MonitorKey}; lookups refuse it")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, Guid pingUuid, string monitorKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unknown reminder {ReminderName} on monitor {MonitorKey}; unregistering it")]
    private static partial void LogUnknownReminder(ILogger logger, string reminderName, string monitorKey);
}
