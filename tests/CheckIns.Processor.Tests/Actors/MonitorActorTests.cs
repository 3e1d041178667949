using CheckIns.Contracts;
using CheckIns.Domain;
using CheckIns.Domain.Config;
using CheckIns.Domain.Model;
using CheckIns.Processor.Actors;
using CheckIns.Processor.Tests.App;
using CheckIns.Processor.Tests.Support;
using CheckIns.Processor.Workflows;

namespace CheckIns.Processor.Tests.Actors;

/// <summary>The actor's operations over the real engine, on the emulated sidecar's actor runtime, state store and reminders.</summary>
public sealed class MonitorActorTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 10, 0, 5, TimeSpan.Zero);

    [Fact]
    public async Task An_ok_check_in_with_monitor_config_creates_the_monitor_indexes_it_and_arms_the_missed_deadline()
    {
        await using var harness = new MonitorActorHarness(7, "nightly", Start);
        var message = Messages.CheckIn(7, "nightly", "ok", Start, monitorConfig: Messages.CrontabConfig("0 * * * *"));

        var reply = await harness.ApplyAsync(message);

        Assert.Equal(OperationReply.Applied, reply.Outcome);
        Assert.Null(reply.Timeout);
        var state = await harness.GetAsync();
        var environment = Assert.Single(state!.Environments);
        Assert.Equal("production", environment.Name);
        Assert.Equal(EnvironmentStatus.Ok, environment.Status);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 11, 0, 0, TimeSpan.Zero), environment.NextCheckIn);
        var indexed = harness.App.MonitorStore.Get(ProcessorAppFactory.ActorStateKey(nameof(ProjectMonitorsActor), "7", "slugs"));
        Assert.Equal("[\"nightly\"]", System.Text.Encoding.UTF8.GetString(indexed!.Value));
        // R86: the deadline is next_checkin plus the one-minute default margin.
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 11, 1, 0, TimeSpan.Zero), harness.WakeUpDue);
    }

    [Fact]
    public async Task A_failed_save_throws_commits_nothing_and_the_retry_applies_once_with_its_events()
    {
        await using var harness = new MonitorActorHarness(7, "nightly", Start);
        var message = Messages.CheckIn(7, "nightly", "error", Start, monitorConfig: Messages.CrontabConfig("0 * * * *"));
        await harness.App.FailNextSavesAsync(harness.MonitorKey);

        await Assert.ThrowsAsync<global::Dapr.DaprApiException>(() => harness.ApplyAsync(message));

        Assert.Null(harness.Stored(MonitorActor.StateKey));
        Assert.Null(harness.Stored(MonitorActor.OperationsKey));

        var retried = await harness.ApplyAsync(message);
        Assert.Equal(OperationReply.Applied, retried.Outcome);
        Assert.Single(Assert.Single((await harness.GetAsync())!.Environments).CheckIns);
        Assert.Single(retried.Events, e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence);
    }

    [Fact]
    public async Task A_repeated_check_in_answers_the_kept_reply_with_the_same_events_until_they_are_acknowledged()
    {
        await using var harness = new MonitorActorHarness(7, "nightly", Start);
        var message = Messages.CheckIn(7, "nightly", "error", Start, monitorConfig: Messages.CrontabConfig("0 * * * *"));
        var first = await harness.ApplyAsync(message);
        Assert.Contains(first.Events, e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence);

        // The activity ran again (its result was lost after the save): same outcome, same events, nothing applied twice.
        var again = await harness.ApplyAsync(message);

        Assert.Equal(OperationReply.Applied, again.Outcome);
        Assert.Equal(first.Events.Select(e => (e.EventId, e.OccurredAt)), again.Events.Select(e => (e.EventId, e.OccurredAt)));
        Assert.Single(Assert.Single((await harness.GetAsync())!.Environments).CheckIns);

        // Once published, a rerun of the same message has nothing left to publish.
        await harness.AcknowledgeAsync(message.MessageId);
        var rerun = await harness.ApplyAsync(message);
        Assert.Equal(OperationReply.Applied, rerun.Outcome);
        Assert.Empty(rerun.Events);
        Assert.Single(Assert.Single((await harness.GetAsync())!.Environments).CheckIns);
    }

    [Fact]
    public async Task A_repeated_check_in_without_events_is_a_duplicate_and_changes_nothing()
    {
        await using var harness = new MonitorActorHarness(7, "nightly", Start);
        await harness.ApplyAsync(Messages.CheckIn(7, "nightly", "ok", Start, monitorConfig: Messages.CrontabConfig("0 * * * *")));
        var message = Messages.CheckIn(7, "nightly", "ok", Start.AddMinutes(1));
        Assert.Empty((await harness.ApplyAsync(message)).Events);

        var again = await harness.ApplyAsync(message);

        Assert.Equal(OperationReply.Duplicate, again.Outcome);
        Assert.Empty(again.Events);
        Assert.Equal(2, Assert.Single((await harness.GetAsync())!.Environments).CheckIns.Count);
    }

    [Fact]
    public async Task The_kept_replies_are_bounded()
    {
        await using var harness = new MonitorActorHarness(7, "flaky", Start);
        harness.App.Settings["Processor:OperationRepliesKept"] = "3";
        await harness.ApplyAsync(Messages.CheckIn(7, "flaky", "ok", Start, monitorConfig: Messages.CrontabConfig("* * * * *")));
        for (var i = 1; i <= 6; i++)
        {
            // Alternating error and ok: every check-in changes the status, so every reply has events.
            await harness.ApplyAsync(Messages.CheckIn(7, "flaky", i % 2 == 1 ? "error" : "ok", Start.AddMinutes(i)));
        }

        Assert.Equal(3, harness.Stored(MonitorActor.OperationsKey)!.AsArray().Count);
    }

    [Fact]
    public async Task An_in_progress_check_in_asks_for_its_wait_a_heartbeat_extends_it_and_the_closing_check_in_ends_it()
    {
        await using var harness = new MonitorActorHarness(7, "backup", Start);
        var checkInId = Guid.NewGuid().ToString("N");
        var started = await harness.ApplyAsync(Messages.CheckIn(7, "backup", "in_progress", Start, checkInId: checkInId, monitorConfig: Messages.CrontabConfig("0 * * * *", maxRuntime: 5)));
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 10, 5, 0, TimeSpan.Zero), started.Timeout!.TimeoutAt);
        Assert.Equal(Guid.Parse(checkInId), started.Timeout.CheckInId);
        Assert.Equal("production", started.Timeout.Environment);
        // The timeout is the wait's, not the reminder's: the wake-up stays at the missed deadline.
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 11, 1, 0, TimeSpan.Zero), harness.WakeUpDue);

        var heartbeat = await harness.ApplyAsync(Messages.CheckIn(7, "backup", "in_progress", Start.AddMinutes(3), checkInId: checkInId));
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 10, 8, 0, TimeSpan.Zero), heartbeat.Timeout!.TimeoutAt);

        var closed = await harness.ApplyAsync(Messages.CheckIn(7, "backup", "ok", Start.AddMinutes(4), checkInId: checkInId));
        Assert.NotNull(closed.Timeout);
        Assert.Null(closed.Timeout.TimeoutAt);
    }

    [Fact]
    public async Task A_timeout_due_times_the_check_in_out_once_and_a_stale_one_answers_the_later_timeout()
    {
        await using var harness = new MonitorActorHarness(7, "backup", Start);
        var checkInId = Guid.NewGuid();
        await harness.ApplyAsync(Messages.CheckIn(7, "backup", "in_progress", Start, checkInId: checkInId.ToString(), monitorConfig: Messages.CrontabConfig("0 * * * *", maxRuntime: 5)));
        await harness.ApplyAsync(Messages.CheckIn(7, "backup", "in_progress", Start.AddMinutes(2), checkInId: checkInId.ToString()));

        harness.Time.SetUtcNow(new DateTimeOffset(2026, 1, 5, 10, 5, 0, TimeSpan.Zero));
        var stale = await harness.TimeOutAsync("production", checkInId, "op-1");
        Assert.Equal(OperationReply.StillRunning, stale.Outcome);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 10, 7, 0, TimeSpan.Zero), stale.RunningUntil);

        harness.Time.SetUtcNow(new DateTimeOffset(2026, 1, 5, 10, 7, 0, TimeSpan.Zero));
        var timedOut = await harness.TimeOutAsync("production", checkInId, "op-2");
        Assert.Equal(OperationReply.TimedOut, timedOut.Outcome);
        Assert.Single(timedOut.Events, e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence && e.CheckIn!.Status == "timeout");
        var environment = Assert.Single((await harness.GetAsync())!.Environments);
        Assert.Equal(CheckInStatus.Timeout, Assert.Single(environment.CheckIns).Status);
        Assert.Equal(EnvironmentStatus.Error, environment.Status);

        // The same operation again (its activity ran twice): the same events, nothing timed out twice.
        var repeated = await harness.TimeOutAsync("production", checkInId, "op-2");
        Assert.Equal(timedOut.Events.Select(e => e.EventId), repeated.Events.Select(e => e.EventId));
        var another = await harness.TimeOutAsync("production", checkInId, "op-3");
        Assert.Equal(OperationReply.Finished, another.Outcome);
        Assert.Empty(another.Events);
    }

    [Fact]
    public async Task The_wake_up_reminder_starts_the_tick_of_its_deadline_which_marks_the_miss_once_and_re_arms()
    {
        await using var harness = new MonitorActorHarness(7, "nightly", Start);
        await harness.ApplyAsync(Messages.CheckIn(7, "nightly", "ok", Start, monitorConfig: Messages.CrontabConfig("0 * * * *")));
        var deadline = harness.WakeUpDue!.Value;
        // The tick's first publish fails, so its events stay in its kept reply while the workflow waits to retry.
        harness.App.Emulator.Faults.FailNextPublishes(1, DaprNames.CheckInsPubSub, Topics.MonitorsStatus);

        await harness.AdvanceToAsync(deadline);

        var tickId = WorkflowIds.Tick(harness.MonitorKey, deadline);
        Assert.NotNull(harness.App.Emulator.Workflows.GetInstance(tickId));
        var environment = Assert.Single((await harness.GetAsync())!.Environments);
        var missed = Assert.Single(environment.CheckIns, c => c.Status == CheckInStatus.Missed);
        // R92: the missed check-in is backdated to the expected slot.
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 11, 0, 0, TimeSpan.Zero), missed.DateAdded);
        Assert.Equal(EnvironmentStatus.Error, environment.Status);
        Assert.True(harness.WakeUpDue > harness.Time.GetUtcNow());

        // The same tick again (the reminder fired twice for the deadline, or the activity ran twice): its kept events, one miss.
        var again = await harness.TickAsync(tickId);
        Assert.Single(again.Events, e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence);
        Assert.Single(Assert.Single((await harness.GetAsync())!.Environments).CheckIns, c => c.Status == CheckInStatus.Missed);

        // The workflow's retry publishes exactly those events.
        await harness.App.AdvanceAsync(Retries.FirstInterval);
        Assert.Equal(again.Events.Select(e => e.EventId), harness.App.Published.Select(e => e.EventId));
    }

    [Fact]
    public async Task An_ok_check_in_that_moves_the_deadline_later_keeps_the_armed_wake_up_which_then_finds_nothing_due_and_re_arms_for_the_deadline()
    {
        await using var harness = new MonitorActorHarness(7, "every-ten", Start);
        await harness.ApplyAsync(Messages.CheckIn(7, "every-ten", "ok", Start, monitorConfig: IntervalConfig(10, margin: 5)));
        var armed = harness.WakeUpDue!.Value;
        // The interval counts from the check-in's minute (R84), plus the 5 minutes' margin.
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 10, 15, 0, TimeSpan.Zero), armed);

        // R86: an interval monitor's deadline follows its last check-in, so this one moves it 3 minutes later.
        harness.Time.Advance(TimeSpan.FromMinutes(3));
        await harness.ApplyAsync(Messages.CheckIn(7, "every-ten", "ok", harness.Time.GetUtcNow()));
        var deadline = MonitorEngine.NextMissedDeadline((await harness.GetAsync())!)!.Value;
        Assert.Equal(armed.AddMinutes(3), deadline);
        Assert.Equal(armed, harness.WakeUpDue);

        // Fired at the old time, it finds nothing missed and moves itself to the deadline.
        await harness.AdvanceToAsync(armed);
        var environment = Assert.Single((await harness.GetAsync())!.Environments);
        Assert.Equal(EnvironmentStatus.Ok, environment.Status);
        Assert.DoesNotContain(environment.CheckIns, c => c.Status == CheckInStatus.Missed);
        Assert.Equal(deadline, harness.WakeUpDue);

        // At the deadline it marks the check-in missed as before.
        await harness.AdvanceToAsync(deadline);
        environment = Assert.Single((await harness.GetAsync())!.Environments);
        Assert.Single(environment.CheckIns, c => c.Status == CheckInStatus.Missed);
        Assert.Equal(EnvironmentStatus.Error, environment.Status);
    }

    [Fact]
    public async Task Disabling_the_monitor_removes_the_wake_up_and_enabling_it_arms_it_again()
    {
        await using var harness = new MonitorActorHarness(7, "reports", Start);
        await harness.ApplyAsync(Messages.CheckIn(7, "reports", "ok", Start, monitorConfig: Messages.CrontabConfig("0 * * * *")));
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 11, 1, 0, TimeSpan.Zero), harness.WakeUpDue);

        var disabled = await harness.ConfigureAsync(new MonitorConfigRequest { ProjectId = 7, Slug = "reports", Status = "disabled" });
        Assert.Null(disabled.Error);
        Assert.Null(harness.WakeUpDue);

        var enabled = await harness.ConfigureAsync(new MonitorConfigRequest { ProjectId = 7, Slug = "reports", Status = "active" });
        Assert.Null(enabled.Error);
        Assert.Equal(MonitorEngine.NextMissedDeadline(enabled.State!), harness.WakeUpDue);
        Assert.NotNull(harness.WakeUpDue);
    }

    private static Dictionary<string, object?> IntervalConfig(int minutes, int margin) => new()
    {
        ["schedule"] = new Dictionary<string, object?> { ["type"] = "interval", ["value"] = minutes, ["unit"] = "minute" },
        ["checkin_margin"] = margin,
    };
}
