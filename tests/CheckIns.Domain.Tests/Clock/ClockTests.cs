using CheckIns.Domain.Config;
using CheckIns.Domain.Effects;
using CheckIns.Domain.Model;

namespace CheckIns.Domain.Tests.Clock;

/// <summary>SEMANTICS §14: missed and timeout detection as pure functions of state and time.</summary>
public sealed class ClockTests
{
    private static readonly DateTimeOffset T0 = At("2024-01-01T10:00:30Z");

    private static object Hourly(int? margin = null, int? maxRuntime = null, int? failure = null, string? timezone = null) =>
        new { schedule = "0 * * * *", schedule_type = "crontab", checkin_margin = margin, max_runtime = maxRuntime, failure_issue_threshold = failure, timezone };

    [Fact]
    public void R91_NothingIsDueBeforeNextCheckInLatest()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: Hourly(margin: 5)));
        Assert.Equal(At("2024-01-01T11:05:00Z"), MonitorEngine.NextWakeUp(h.State!));

        var result = h.Tick(At("2024-01-01T11:04:59Z"));
        Assert.Empty(result.Effects);
        Assert.Single(h.Env().CheckIns);
    }

    [Fact]
    public void R92_Missed_CreatesBackdatedMissedCheckInAndFails()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: Hourly(margin: 5)));
        h.Tick(At("2024-01-01T11:05:00Z"));

        var env = h.Env();
        var missed = env.CheckIns.Single(c => c.Status == CheckInStatus.Missed);
        Assert.Equal(At("2024-01-01T11:00:00Z"), missed.DateAdded);
        Assert.Equal(At("2024-01-01T11:00:00Z"), missed.ExpectedTime);
        Assert.Null(missed.DurationMs);
        Assert.Null(missed.TimeoutAt);
        Assert.Equal(T0, env.LastCheckIn); // R69: misses never advance last_checkin
        Assert.Equal(EnvironmentStatus.Error, env.Status);
        Assert.Equal(At("2024-01-01T12:00:00Z"), env.NextCheckIn);
        Assert.Equal(At("2024-01-01T12:05:00Z"), env.NextCheckInLatest);

        var occurrence = Assert.Single(h.Occurrences);
        Assert.Equal("A missed check-in was detected", occurrence.FailureReason);
        Assert.Equal(missed.Id, occurrence.CheckIn!.Id);
        Assert.Equal(At("2024-01-01T11:05:00Z"), occurrence.ReceivedAt);
    }

    [Fact]
    public void R100_AbnormalTick_RecordsTheMissAsUnknownWithoutFailing()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: Hourly(margin: 5)));
        h.Tick(At("2024-01-01T11:05:00Z"), abnormal: true);

        var env = h.Env();
        var unknown = env.CheckIns.Single(c => c.Status == CheckInStatus.Unknown);
        Assert.Equal(At("2024-01-01T11:00:00Z"), unknown.ExpectedTime);
        Assert.DoesNotContain(env.CheckIns, c => c.Status == CheckInStatus.Missed);
        Assert.Equal(EnvironmentStatus.Ok, env.Status);
        Assert.Equal(T0, env.LastCheckIn);
        Assert.Equal(At("2024-01-01T12:00:00Z"), env.NextCheckIn); // the schedule moves on as after a miss
        Assert.Equal(At("2024-01-01T12:05:00Z"), env.NextCheckInLatest);
        Assert.Empty(h.Occurrences);
        Assert.Null(env.ActiveIncident);
    }

    [Fact]
    public void R95_AbnormalTick_MarksARunningCheckInPastItsTimeoutUnknown()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("in_progress", config: Hourly(maxRuntime: 10)));
        h.Tick(At("2024-01-01T10:10:00Z"), abnormal: true);

        var env = h.Env();
        Assert.Equal(CheckInStatus.Unknown, Assert.Single(env.CheckIns).Status);
        Assert.NotEqual(EnvironmentStatus.Error, env.Status);
        Assert.Empty(h.Occurrences);
    }

    [Fact]
    public void R91_EnvironmentThatNeverCheckedIn_IsNeverMissed()
    {
        var h = new Harness();
        h.State = h.Engine.Configure(null, new MonitorConfigRequest { ProjectId = 1, Slug = "my-job", Config = Json(Hourly()) }, T0).State;

        Assert.Null(MonitorEngine.NextWakeUp(h.State!));
        Assert.Empty(h.Tick(T0.AddDays(3)).Effects);
    }

    [Fact]
    public void Q11_SkippedSlots_CollapseIntoOneMiss()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: Hourly()));
        h.Tick(At("2024-01-01T15:30:00Z"));

        var env = h.Env();
        Assert.Single(env.CheckIns, c => c.Status == CheckInStatus.Missed);
        Assert.Equal(At("2024-01-01T11:00:00Z"), env.CheckIns.Single(c => c.Status == CheckInStatus.Missed).DateAdded);
        Assert.Equal(At("2024-01-01T16:00:00Z"), env.NextCheckIn);
    }

    [Fact]
    public void R92_RepeatedTick_IsNoOp()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: Hourly()));
        h.Tick(At("2024-01-01T11:01:00Z"));
        var state = h.State;

        var again = h.Tick(At("2024-01-01T11:01:30Z"));
        Assert.Empty(again.Effects);
        Assert.Same(state, again.State);
    }

    [Fact]
    public void R92_MissedDrivenByReminders_OneMissPerSlot()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: Hourly(failure: 2)));
        h.RunClockUntil(At("2024-01-01T13:30:00Z"));

        var env = h.Env();
        Assert.Equal(3, env.CheckIns.Count(c => c.Status == CheckInStatus.Missed));
        Assert.Equal(EnvironmentStatus.Error, env.Status);
        // Threshold 2 reached at the second miss: two occurrences, then one for the third.
        Assert.Equal(3, h.Occurrences.Count());
        Assert.Equal("2 missed check-ins detected", h.Occurrences.First().FailureReason);
    }

    [Fact]
    public void R94_Timeout_MarksTimeoutAndFails()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("in_progress", config: Hourly(maxRuntime: 10)));
        Assert.Equal(At("2024-01-01T10:10:00Z"), MonitorEngine.NextWakeUp(h.State!));

        h.Tick(At("2024-01-01T10:10:00Z"));
        var env = h.Env();
        Assert.Equal(CheckInStatus.Timeout, Assert.Single(env.CheckIns).Status);
        Assert.Equal(EnvironmentStatus.Error, env.Status);
        var occurrence = Assert.Single(h.Occurrences);
        Assert.Equal("A timeout check-in was detected", occurrence.FailureReason);
        Assert.Equal(At("2024-01-01T11:00:00Z"), env.NextCheckIn); // failed_at = prev(date_added, T) = 10:00
    }

    [Fact]
    public void R94_D17_TimeoutIgnoredWhenNewerFinishedCheckInExists()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("in_progress", config: Hourly(maxRuntime: 90)));
        h.Send(T0.AddHours(1), CheckIn("ok"));
        var before = h.Env();

        h.Tick(At("2024-01-01T11:30:00Z"));
        var env = h.Env();
        Assert.Equal(CheckInStatus.Timeout, env.CheckIns[0].Status);
        Assert.Equal(EnvironmentStatus.Ok, env.Status);
        Assert.Equal(before.NextCheckIn, env.NextCheckIn);
        Assert.Empty(h.Occurrences);
    }

    [Fact]
    public void R94_TimeoutTask_IsNotAppliedTwice()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("in_progress", config: Hourly(maxRuntime: 10)));
        h.Tick(At("2024-01-01T10:10:00Z"));
        h.Tick(At("2024-01-01T10:10:00Z"));
        Assert.Single(h.Occurrences);
    }

    [Fact]
    public void D20_MutedEnvironment_IsStillMissedButEmitsNoOccurrence()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: Hourly()));
        h.State = h.Engine.Configure(h.State, new MonitorConfigRequest { ProjectId = 1, Slug = "my-job", IsMuted = true }, T0).State;

        h.Tick(At("2024-01-01T11:01:00Z"));
        Assert.Equal(EnvironmentStatus.Error, h.Env().Status);
        Assert.NotNull(h.Env().ActiveIncident);
        Assert.Empty(h.Occurrences);
        Assert.True(h.Effects.Single(e => e.Kind == MonitorEffectKind.EnvironmentStatusChanged && e.EnvironmentStatus == EnvironmentStatus.Error).Muted);
    }

    [Fact]
    public void R91_DisabledMonitor_IsNeitherMissedNorTimedOut()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("in_progress", config: Hourly()));
        h.State = h.Engine.Configure(h.State, new MonitorConfigRequest { ProjectId = 1, Slug = "my-job", Status = "disabled" }, T0).State;

        Assert.Null(MonitorEngine.NextWakeUp(h.State!));
        Assert.Empty(h.Tick(T0.AddDays(1)).Effects);
        Assert.Equal(CheckInStatus.InProgress, h.Env().CheckIns[0].Status);
    }

    [Fact]
    public void R92_Missed_InTimeZoneAcrossSpringForward()
    {
        var h = new Harness();
        var config = new { schedule = "30 2 * * *", schedule_type = "crontab", timezone = "Europe/Berlin" };
        h.Send(At("2024-03-30T01:30:00Z"), CheckIn("ok", config: config)); // 02:30 CET
        Assert.Equal(At("2024-03-31T01:00:00Z"), h.Env().NextCheckIn); // 03:00 CEST, right after the gap

        h.RunClockUntil(At("2024-04-01T12:00:00Z"));
        var missed = h.Env().CheckIns.Where(c => c.Status == CheckInStatus.Missed).Select(c => c.DateAdded).ToList();
        Assert.Equal([At("2024-03-31T01:00:00Z"), At("2024-04-01T00:30:00Z")], missed);
    }

    [Fact]
    public void R93_R69_SeveralRunningCheckIns_OlderTimeoutIsStale_NewestFails()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("in_progress", id: NewGuid(1), config: Hourly(maxRuntime: 10)));
        h.Send(T0.AddMinutes(2), CheckIn("in_progress", id: NewGuid(2)));
        h.Tick(At("2024-01-01T10:15:00Z"));

        var env = h.Env();
        Assert.All(env.CheckIns, c => Assert.Equal(CheckInStatus.Timeout, c.Status));
        Assert.Equal(EnvironmentStatus.Error, env.Status);
        // The older check-in's failure is older than last_checkin (set by the newer start), so R69 drops it.
        Assert.Equal(env.CheckIns[1].Id, env.ActiveIncident!.StartingCheckInId);
        Assert.Equal(env.CheckIns[1].Id, Assert.Single(h.Occurrences).CheckIn!.Id);
    }
}
