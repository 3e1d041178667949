using CheckIns.Domain.Config;
using CheckIns.Domain.Effects;
using CheckIns.Domain.Model;

namespace CheckIns.Domain.Tests.Clock;

/// <summary>
/// SEMANTICS R93, R94, D17, D18 through <see cref="MonitorEngine.TimeOut"/>: the timeout of one check-in, as its
/// durable wait asks for it, with the stale-timeout guard; and missed deadlines without timeouts.
/// </summary>
public sealed class TimeoutOperationTests
{
    private static readonly DateTimeOffset T0 = At("2024-01-01T10:00:30Z");

    private static object Hourly(int? maxRuntime = null) =>
        new { schedule = "0 * * * *", schedule_type = "crontab", max_runtime = maxRuntime };

    [Fact]
    public void R94_A_due_timeout_marks_the_check_in_timed_out_and_fails_the_environment()
    {
        var h = new Harness();
        var outcome = h.Send(T0, CheckIn("in_progress", config: Hourly(maxRuntime: 10)));

        var result = h.Engine.TimeOut(h.State!, "production", outcome.CheckInId!.Value, At("2024-01-01T10:10:00Z"));

        Assert.Equal(TimeoutVerdict.TimedOut, result.Verdict);
        var env = result.Turn.State!.FindEnvironment("production")!;
        Assert.Equal(CheckInStatus.Timeout, Assert.Single(env.CheckIns).Status);
        Assert.Equal(EnvironmentStatus.Error, env.Status);
        Assert.Equal("A timeout check-in was detected", Assert.Single(result.Turn.Effects, e => e.Kind == MonitorEffectKind.IncidentOccurrence).FailureReason);
    }

    [Fact]
    public void R94_Before_its_timeout_at_nothing_changes()
    {
        var h = new Harness();
        var outcome = h.Send(T0, CheckIn("in_progress", config: Hourly(maxRuntime: 10)));

        var result = h.Engine.TimeOut(h.State!, "production", outcome.CheckInId!.Value, At("2024-01-01T10:09:59Z"));

        Assert.Equal(TimeoutVerdict.StillRunning, result.Verdict);
        Assert.Equal(At("2024-01-01T10:10:00Z"), result.RunningUntil);
        Assert.Same(h.State, result.Turn.State);
        Assert.Empty(result.Turn.Effects);
    }

    [Fact]
    public void R61_Stale_timeout_a_heartbeat_moved_timeout_at_later_so_the_old_one_answers_the_new_time()
    {
        var h = new Harness();
        var id = NewGuid(1);
        h.Send(T0, CheckIn("in_progress", id: id, config: Hourly(maxRuntime: 10)));
        h.Send(T0.AddMinutes(5), CheckIn("in_progress", id: id));

        var result = h.Engine.TimeOut(h.State!, "production", Guid.Parse(id), At("2024-01-01T10:10:00Z"));

        Assert.Equal(TimeoutVerdict.StillRunning, result.Verdict);
        Assert.Equal(At("2024-01-01T10:15:00Z"), result.RunningUntil);
        Assert.Equal(CheckInStatus.InProgress, h.Env().CheckIns[0].Status);
    }

    [Fact]
    public void R93_A_closed_check_in_is_not_timed_out()
    {
        var h = new Harness();
        var id = NewGuid(2);
        h.Send(T0, CheckIn("in_progress", id: id, config: Hourly(maxRuntime: 10)));
        h.Send(T0.AddMinutes(3), CheckIn("ok", id: id));

        var result = h.Engine.TimeOut(h.State!, "production", Guid.Parse(id), At("2024-01-01T10:10:00Z"));

        Assert.Equal(TimeoutVerdict.Finished, result.Verdict);
        Assert.Same(h.State, result.Turn.State);
        Assert.Empty(result.Turn.Effects);
    }

    [Fact]
    public void R94_Timing_out_twice_changes_nothing_the_second_time()
    {
        var h = new Harness();
        var outcome = h.Send(T0, CheckIn("in_progress", config: Hourly(maxRuntime: 10)));
        var first = h.Engine.TimeOut(h.State!, "production", outcome.CheckInId!.Value, At("2024-01-01T10:10:00Z"));

        var second = h.Engine.TimeOut(first.Turn.State!, "production", outcome.CheckInId!.Value, At("2024-01-01T10:10:00Z"));

        Assert.Equal(TimeoutVerdict.Finished, second.Verdict);
        Assert.Empty(second.Turn.Effects);
    }

    [Fact]
    public void R94_D17_A_newer_ok_check_in_keeps_the_environment_ok()
    {
        var h = new Harness();
        var outcome = h.Send(T0, CheckIn("in_progress", config: Hourly(maxRuntime: 90)));
        h.Send(T0.AddHours(1), CheckIn("ok"));

        var result = h.Engine.TimeOut(h.State!, "production", outcome.CheckInId!.Value, At("2024-01-01T11:30:00Z"));

        Assert.Equal(TimeoutVerdict.TimedOut, result.Verdict);
        var env = result.Turn.State!.FindEnvironment("production")!;
        Assert.Equal(CheckInStatus.Timeout, env.CheckIns[0].Status);
        Assert.Equal(EnvironmentStatus.Ok, env.Status);
        Assert.DoesNotContain(result.Turn.Effects, e => e.Kind == MonitorEffectKind.IncidentOccurrence);
    }

    [Fact]
    public void R91_A_disabled_monitor_is_not_timed_out()
    {
        var h = new Harness();
        var outcome = h.Send(T0, CheckIn("in_progress", config: Hourly(maxRuntime: 10)));
        h.State = h.Engine.Configure(h.State, new MonitorConfigRequest { ProjectId = 1, Slug = "my-job", Status = "disabled" }, T0).State;

        var result = h.Engine.TimeOut(h.State!, "production", outcome.CheckInId!.Value, At("2024-01-01T10:10:00Z"));

        Assert.Equal(TimeoutVerdict.NotWatched, result.Verdict);
        Assert.Empty(result.Turn.Effects);
    }

    [Fact]
    public void The_missed_deadline_leaves_timeouts_to_their_own_wait()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("in_progress", config: Hourly(maxRuntime: 10)));

        Assert.Equal(At("2024-01-01T10:10:00Z"), MonitorEngine.NextWakeUp(h.State!));
        Assert.Equal(h.Env().NextCheckInLatest, MonitorEngine.NextMissedDeadline(h.State!));
        Assert.Equal(At("2024-01-01T11:01:00Z"), MonitorEngine.NextMissedDeadline(h.State!));
    }
}
