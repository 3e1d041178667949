using CheckIns.Contracts;
using CheckIns.Domain;
using CheckIns.Processor.Actors;
using CheckIns.Processor.Tests.Support;

namespace CheckIns.Processor.Tests.Actors;

/// <summary>The actor's turn over the real engine, with the runtime's save and rollback behaviour.</summary>
public sealed class MonitorActorTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 10, 0, 5, TimeSpan.Zero);

    [Fact]
    public async Task An_ok_check_in_with_monitor_config_creates_the_monitor_indexes_it_and_arms_the_missed_deadline()
    {
        var harness = new MonitorActorHarness(7, "nightly", Start);
        var message = Messages.CheckIn(7, "nightly", "ok", Start, monitorConfig: Messages.CrontabConfig("0 * * * *"));

        var report = await harness.ApplyAsync(message);

        Assert.Equal(MessageOutcome.Applied, Assert.Single(report.Outcomes).Outcome);
        var state = await harness.GetAsync();
        var environment = Assert.Single(state!.Environments);
        Assert.Equal("production", environment.Name);
        Assert.Equal(EnvironmentStatus.Ok, environment.Status);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 11, 0, 0, TimeSpan.Zero), environment.NextCheckIn);
        Assert.Equal(1, harness.Runtime.IndexAdds[(7, "nightly")]);
        // R86: the deadline is next_checkin plus the one-minute default margin.
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 11, 1, 0, TimeSpan.Zero), harness.WakeUpDue);
    }

    [Fact]
    public async Task A_failed_save_throws_commits_nothing_publishes_nothing_and_the_retry_applies_once()
    {
        var harness = new MonitorActorHarness(7, "nightly", Start);
        var message = Messages.CheckIn(7, "nightly", "error", Start, monitorConfig: Messages.CrontabConfig("0 * * * *"));
        harness.State.FailNextSaves = 1;

        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.ApplyAsync(message));

        Assert.False(harness.State.HasCommitted(MonitorActor.StateKey));
        Assert.Empty(harness.Publisher.Published);

        var retried = await harness.ApplyAsync(message);
        Assert.Equal(MessageOutcome.Applied, Assert.Single(retried.Outcomes).Outcome);
        var state = await harness.GetAsync();
        Assert.Single(Assert.Single(state!.Environments).CheckIns);
        Assert.Single(harness.Publisher.Published, p => p.Event.Kind == MonitorStatusEventKinds.IncidentOccurrence);
    }

    [Fact]
    public async Task A_redelivered_message_is_a_duplicate_and_changes_nothing()
    {
        var harness = new MonitorActorHarness(7, "nightly", Start);
        var message = Messages.CheckIn(7, "nightly", "error", Start, monitorConfig: Messages.CrontabConfig("0 * * * *"));
        await harness.ApplyAsync(message);
        var published = harness.Publisher.Published.Count;

        var again = await harness.ApplyAsync(message);

        Assert.Equal(MessageOutcome.Duplicate, Assert.Single(again.Outcomes).Outcome);
        var state = await harness.GetAsync();
        Assert.Single(Assert.Single(state!.Environments).CheckIns);
        Assert.Equal(published, harness.Publisher.Published.Count);
    }

    [Fact]
    public async Task A_publish_failure_after_the_save_is_published_exactly_once_by_the_outbox_drain()
    {
        var harness = new MonitorActorHarness(7, "nightly", Start);
        harness.Publisher.FailNext = 1;
        var message = Messages.CheckIn(7, "nightly", "error", Start, monitorConfig: Messages.CrontabConfig("0 * * * *"));

        var report = await harness.ApplyAsync(message);

        // The turn committed: the check-in is applied, its event waits in the outbox.
        Assert.Equal(MessageOutcome.Applied, Assert.Single(report.Outcomes).Outcome);
        Assert.Empty(harness.Publisher.Published);
        var pending = harness.State.ReadCommitted<List<MonitorStatusEvent>>(MonitorActor.OutboxKey);
        var occurrence = Assert.Single(pending, e => e.Kind == MonitorStatusEventKinds.IncidentOccurrence);
        Assert.True(harness.Reminders.Reminders.ContainsKey(MonitorActor.OutboxDrainReminder));

        await harness.FireAsync(MonitorActor.OutboxDrainReminder);
        await harness.FireAsync(MonitorActor.OutboxDrainReminder);

        Assert.Single(harness.Publisher.Published, p => p.Event.EventId == occurrence.EventId);
        Assert.All(harness.Publisher.Published, p => Assert.Equal(harness.MonitorKey, p.PartitionKey));
        Assert.False(harness.State.HasCommitted(MonitorActor.OutboxKey));
        Assert.False(harness.Reminders.Reminders.ContainsKey(MonitorActor.OutboxDrainReminder));
    }

    [Fact]
    public async Task The_wake_up_reminder_marks_a_missed_check_in_once_the_clock_passes_the_deadline()
    {
        var harness = new MonitorActorHarness(7, "nightly", Start);
        await harness.ApplyAsync(Messages.CheckIn(7, "nightly", "ok", Start, monitorConfig: Messages.CrontabConfig("0 * * * *")));

        harness.Time.SetUtcNow(harness.WakeUpDue!.Value);
        await harness.FireAsync(MonitorActor.WakeUpReminder);

        var environment = Assert.Single((await harness.GetAsync())!.Environments);
        var missed = Assert.Single(environment.CheckIns, c => c.Status == CheckInStatus.Missed);
        // R92: the missed check-in is backdated to the expected slot.
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 11, 0, 0, TimeSpan.Zero), missed.DateAdded);
        Assert.Equal(EnvironmentStatus.Error, environment.Status);
        Assert.Single(harness.Publisher.Published, p => p.Event.Kind == MonitorStatusEventKinds.IncidentOccurrence);
        Assert.True(harness.WakeUpDue > harness.Time.GetUtcNow());
    }

    [Fact]
    public async Task The_wake_up_reminder_times_out_a_check_in_still_in_progress_after_max_runtime()
    {
        var harness = new MonitorActorHarness(7, "backup", Start);
        await harness.ApplyAsync(Messages.CheckIn(7, "backup", "in_progress", Start, monitorConfig: Messages.CrontabConfig("0 * * * *", maxRuntime: 5)));
        var running = Assert.Single(Assert.Single((await harness.GetAsync())!.Environments).CheckIns);
        Assert.NotNull(running.TimeoutAt);
        Assert.InRange(running.TimeoutAt.Value, Start.AddMinutes(4), Start.AddMinutes(5));
        Assert.Equal(running.TimeoutAt, harness.WakeUpDue);

        harness.Time.SetUtcNow(running.TimeoutAt.Value);
        await harness.FireAsync(MonitorActor.WakeUpReminder);

        var environment = Assert.Single((await harness.GetAsync())!.Environments);
        Assert.Equal(CheckInStatus.Timeout, Assert.Single(environment.CheckIns).Status);
        Assert.Equal(EnvironmentStatus.Error, environment.Status);
    }

    [Fact]
    public async Task An_ok_check_in_that_moves_the_deadline_later_keeps_the_armed_wake_up_which_then_finds_nothing_due_and_re_arms_for_the_deadline()
    {
        var harness = new MonitorActorHarness(7, "every-ten", Start);
        await harness.ApplyAsync(Messages.CheckIn(7, "every-ten", "ok", Start, monitorConfig: IntervalConfig(10, margin: 5)));
        var armed = harness.WakeUpDue!.Value;
        // The interval counts from the check-in's minute (R84), plus the 5 minutes' margin.
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 10, 15, 0, TimeSpan.Zero), armed);

        // R86: an interval monitor's deadline follows its last check-in, so this one moves it 3 minutes later.
        harness.Time.Advance(TimeSpan.FromMinutes(3));
        await harness.ApplyAsync(Messages.CheckIn(7, "every-ten", "ok", harness.Time.GetUtcNow()));
        var deadline = MonitorEngine.NextWakeUp((await harness.GetAsync())!)!.Value;
        Assert.Equal(armed.AddMinutes(3), deadline);
        Assert.Equal(armed, harness.WakeUpDue);

        // Fired at the old time, it finds nothing missed and moves itself to the deadline.
        harness.Time.SetUtcNow(armed);
        await harness.FireAsync(MonitorActor.WakeUpReminder);
        var environment = Assert.Single((await harness.GetAsync())!.Environments);
        Assert.Equal(EnvironmentStatus.Ok, environment.Status);
        Assert.DoesNotContain(environment.CheckIns, c => c.Status == CheckInStatus.Missed);
        Assert.Equal(deadline, harness.WakeUpDue);

        // At the deadline it marks the check-in missed as before.
        harness.Time.SetUtcNow(deadline);
        await harness.FireAsync(MonitorActor.WakeUpReminder);
        environment = Assert.Single((await harness.GetAsync())!.Environments);
        Assert.Single(environment.CheckIns, c => c.Status == CheckInStatus.Missed);
        Assert.Equal(EnvironmentStatus.Error, environment.Status);
    }

    [Fact]
    public async Task A_check_in_that_moves_the_deadline_earlier_registers_the_wake_up_again()
    {
        var harness = new MonitorActorHarness(7, "backup", Start);
        await harness.ApplyAsync(Messages.CheckIn(7, "backup", "ok", Start, monitorConfig: Messages.CrontabConfig("0 * * * *", maxRuntime: 5)));
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 11, 1, 0, TimeSpan.Zero), harness.WakeUpDue);

        // An in-progress check-in times out after 5 minutes, long before the next hourly deadline.
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await harness.ApplyAsync(Messages.CheckIn(7, "backup", "in_progress", harness.Time.GetUtcNow()));

        var running = Assert.Single(Assert.Single((await harness.GetAsync())!.Environments).CheckIns, c => c.Status == CheckInStatus.InProgress);
        Assert.Equal(running.TimeoutAt, harness.WakeUpDue);
    }

    [Fact]
    public async Task A_turn_without_events_does_not_read_the_outbox_and_a_pending_outbox_is_still_drained_by_the_next_turn()
    {
        var harness = new MonitorActorHarness(7, "nightly", Start);
        await harness.ApplyAsync(Messages.CheckIn(7, "nightly", "ok", Start, monitorConfig: Messages.CrontabConfig("0 * * * *")));
        var reads = harness.State.StoreReads.GetValueOrDefault(MonitorActor.OutboxKey);

        await harness.ApplyAsync(Messages.CheckIn(7, "nightly", "ok", Start.AddMinutes(1)));

        Assert.Equal(reads, harness.State.StoreReads.GetValueOrDefault(MonitorActor.OutboxKey));

        // An event the broker refused waits in the outbox; the next turn, even one without events, publishes it.
        harness.Publisher.FailNext = 1;
        await harness.ApplyAsync(Messages.CheckIn(7, "nightly", "error", Start.AddMinutes(2)));
        Assert.True(harness.State.HasCommitted(MonitorActor.OutboxKey));
        var published = harness.Publisher.Published.Count;

        await harness.ApplyAsync(Messages.CheckIn(7, "nightly", "in_progress", Start.AddMinutes(3)));

        Assert.True(harness.Publisher.Published.Count > published);
        Assert.False(harness.State.HasCommitted(MonitorActor.OutboxKey));
        Assert.False(harness.Reminders.Reminders.ContainsKey(MonitorActor.OutboxDrainReminder));
    }

    private static Dictionary<string, object?> IntervalConfig(int minutes, int margin) => new()
    {
        ["schedule"] = new Dictionary<string, object?> { ["type"] = "interval", ["value"] = minutes, ["unit"] = "minute" },
        ["checkin_margin"] = margin,
    };
}
