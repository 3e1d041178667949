using CheckIns.Contracts;
using CheckIns.Domain.Errors;
using CheckIns.Domain.Model;

namespace CheckIns.Domain.Tests.Pipeline;

/// <summary>SEMANTICS §8, §9: finding, updating and creating check-ins; duplicates and out-of-order messages.</summary>
public sealed class CheckInUpdateTests
{
    private static readonly DateTimeOffset T0 = At("2024-01-01T10:00:30Z");
    private const string Id = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
    private const string Zero = "00000000-0000-0000-0000-000000000000";

    private static Harness Started(string status = "in_progress", object? config = null)
    {
        var h = new Harness();
        h.Send(T0, CheckIn(status, id: Id, config: config ?? EveryMinute));
        return h;
    }

    [Fact]
    public void R55_InProgressThenOk_ClosesWithElapsedDuration()
    {
        var h = Started();
        h.Send(T0.AddSeconds(42.5), CheckIn("ok", id: Id));

        var checkIn = Assert.Single(h.Env().CheckIns);
        Assert.Equal(CheckInStatus.Ok, checkIn.Status);
        Assert.Equal(42_500, checkIn.DurationMs);
        Assert.Null(checkIn.TimeoutAt);
        Assert.Equal(T0.AddSeconds(42.5), checkIn.DateUpdated); // D4
        Assert.Equal(T0, checkIn.DateInProgress); // D3
    }

    [Fact]
    public void R55_InProgressHeartbeat_BumpsTimeoutAndDateUpdated()
    {
        var h = Started(config: new { schedule = "* * * * *", schedule_type = "crontab", max_runtime = 10 });
        Assert.Equal(At("2024-01-01T10:10:00Z"), Assert.Single(h.Env().CheckIns).TimeoutAt); // R60

        h.Send(T0.AddMinutes(5), CheckIn("in_progress", id: Id));
        var checkIn = Assert.Single(h.Env().CheckIns);
        Assert.Equal(CheckInStatus.InProgress, checkIn.Status);
        Assert.Equal(At("2024-01-01T10:15:00Z"), checkIn.TimeoutAt); // R61 on update
        Assert.Equal(T0.AddMinutes(5), checkIn.DateUpdated);
        Assert.Equal(300_000, checkIn.DurationMs);
    }

    [Fact]
    public void D18_HeartbeatTimeout_IsCappedAt28DaysFromStart()
    {
        var h = Started(config: new { schedule = "0 0 1 1 *", schedule_type = "crontab", max_runtime = 40_320 });
        h.Send(T0.AddDays(20), CheckIn("in_progress", id: Id));

        Assert.Equal(At("2024-01-01T10:00:00Z").AddMinutes(40_320), Assert.Single(h.Env().CheckIns).TimeoutAt);
    }

    [Fact]
    public void R54_ExplicitDuration_WinsOverElapsedTime()
    {
        var h = Started();
        h.Send(T0.AddSeconds(30), CheckIn("ok", id: Id, duration: 12));
        Assert.Equal(12_000, Assert.Single(h.Env().CheckIns).DurationMs);
    }

    [Theory]
    [InlineData("ok")]
    [InlineData("error")]
    public void R55_FinishedThenInProgress_IsIgnoredWithoutError(string finished)
    {
        var h = new Harness();
        h.Send(T0, CheckIn(finished, id: Id, config: EveryMinute));
        var effects = h.Effects.Count;
        var before = h.Env();

        var outcome = h.Send(T0.AddSeconds(1), CheckIn("in_progress", id: Id));

        Assert.Equal(CheckInOutcomeKind.Applied, outcome.Kind);
        Assert.Null(outcome.Error);
        var checkIn = Assert.Single(h.Env().CheckIns);
        Assert.Equal(before.CheckIns[0].Status, checkIn.Status);
        Assert.Equal(before.CheckIns[0].DurationMs, checkIn.DurationMs);
        Assert.Equal(T0.AddSeconds(1), checkIn.DateInProgress); // D3
        Assert.Equal(before.NextCheckIn, h.Env().NextCheckIn); // Q4 fixed: no state logic re-run
        Assert.Equal(effects, h.Effects.Count); // Q4 fixed: no second occurrence
    }

    [Theory]
    [InlineData("ok", "ok")]
    [InlineData("ok", "error")]
    [InlineData("error", "ok")]
    public void R55_FinishedThenFinished_IsCheckInFinished(string first, string second)
    {
        var h = new Harness();
        h.Send(T0, CheckIn(first, id: Id, config: EveryMinute));
        var before = h.State!.Environments[0];

        var outcome = h.Send(T0.AddSeconds(1), CheckIn(second, id: Id));

        Assert.Equal(ProcessingErrorType.CheckInFinished, Assert.Single(outcome.Error!.Errors).Type);
        Assert.Null(outcome.Billing); // R121
        Assert.Equal(before, h.State.Environments[0]);
    }

    [Fact]
    public void R54_TooLongDuration_IsInvalidDuration()
    {
        var h = Started();
        var outcome = h.Send(T0.AddDays(25), CheckIn("ok", id: Id));

        var error = Assert.Single(outcome.Error!.Errors);
        Assert.Equal(ProcessingErrorType.CheckInInvalidDuration, error.Type);
        Assert.Equal("2160000000", error.Duration);
        Assert.Equal(CheckInStatus.InProgress, Assert.Single(h.Env().CheckIns).Status);
    }

    [Fact]
    public void R54_FinishedAndTooLong_CollectsBothErrors()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", id: Id, config: EveryMinute));
        var outcome = h.Send(T0.AddDays(25), CheckIn("error", id: Id));

        Assert.Equal(
            [ProcessingErrorType.CheckInFinished, ProcessingErrorType.CheckInInvalidDuration],
            outcome.Error!.Errors.Select(e => e.Type));
    }

    [Fact]
    public void R54_ReversedArrival_UsesAbsoluteElapsedTime()
    {
        var h = Started();
        h.Send(T0.AddSeconds(-20), CheckIn("ok", id: Id));
        Assert.Equal(20_000, Assert.Single(h.Env().CheckIns).DurationMs);
    }

    [Fact]
    public void R51_ZeroGuid_ClosesLatestInProgress()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("in_progress", id: NewGuid(1), config: EveryMinute));
        h.Send(T0.AddSeconds(10), CheckIn("in_progress", id: NewGuid(2)));
        h.Send(T0.AddSeconds(20), CheckIn("ok", id: Zero));

        var checkIns = h.Env().CheckIns;
        Assert.Equal(2, checkIns.Count);
        Assert.Equal(CheckInStatus.InProgress, checkIns[0].Status);
        Assert.Equal(CheckInStatus.Ok, checkIns[1].Status);
        Assert.Equal(Guid.Parse(NewGuid(2)), checkIns[1].Id);
    }

    [Fact]
    public void R51_ZeroGuid_WithoutInProgress_CreatesDeterministicCheckIn()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", id: NewGuid(1), config: EveryMinute));
        var outcome = h.Send(T0.AddSeconds(20), CheckIn("ok", id: Zero), messageId: "msg-42");

        Assert.Equal(2, h.Env().CheckIns.Count);
        Assert.Equal(DeterministicIds.CheckInForMessage("msg-42"), outcome.CheckInId);
    }

    [Fact]
    public void R53_GuidOfAnotherEnvironment_IsEnvironmentMismatch()
    {
        var h = Started();
        var outcome = h.Send(T0.AddSeconds(5), CheckIn("ok", id: Id, environment: "staging"));

        var error = Assert.Single(outcome.Error!.Errors);
        Assert.Equal(ProcessingErrorType.CheckInEnvironmentMismatch, error.Type);
        Assert.Equal("production", error.ExistingEnvironment);
        Assert.Equal(new BillingOutcome(BillingOutcomeKind.Invalid, "monitor_environment_mismatch"), outcome.Billing);
        Assert.Equal(CheckInStatus.InProgress, Assert.Single(h.Env().CheckIns).Status);
    }

    [Fact]
    public void Q3_GuidOfAnotherMonitor_IsNotSeen()
    {
        var first = new Harness(slug: "first");
        first.Send(T0, CheckIn("in_progress", id: Id, config: EveryMinute));

        var second = new Harness(slug: "second");
        var outcome = second.Send(T0.AddSeconds(5), CheckIn("ok", id: Id, config: EveryMinute));

        Assert.Equal(CheckInOutcomeKind.Applied, outcome.Kind);
        Assert.Equal(CheckInStatus.InProgress, Assert.Single(first.Env().CheckIns).Status);
    }

    [Fact]
    public void D1_R58_R59_NewCheckIn_FieldsFromIngestTime()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: EveryMinute));
        var expected = h.Env().NextCheckIn;
        h.Send(T0.AddMinutes(1), CheckIn("ok", duration: 30));

        var checkIn = h.Env().CheckIns[1];
        Assert.Equal(T0.AddMinutes(1), checkIn.DateAdded); // D1: no backdating by duration
        Assert.Equal(At("2024-01-01T10:01:00Z"), checkIn.DateClock); // D2
        Assert.Equal(expected, checkIn.ExpectedTime); // R58
        Assert.Null(h.Env().CheckIns[0].ExpectedTime); // new environment
        Assert.Null(checkIn.TimeoutAt);
    }

    [Fact]
    public void Q5_HeartbeatAfterTimeout_ReopensCheckIn()
    {
        var h = Started();
        h.Tick(T0.AddMinutes(31));
        Assert.Equal(CheckInStatus.Timeout, h.Env().CheckIns.Single(c => c.Id == Guid.Parse(Id)).Status);

        h.Send(T0.AddMinutes(32), CheckIn("in_progress", id: Id));
        var checkIn = h.Env().CheckIns.Single(c => c.Id == Guid.Parse(Id));
        Assert.Equal(CheckInStatus.InProgress, checkIn.Status);
        Assert.Equal(At("2024-01-01T11:02:00Z"), checkIn.TimeoutAt);
    }

    [Fact]
    public void Q6_LateOkForTimedOutCheckIn_KeepsTimeoutAndRecordsDuration()
    {
        var h = Started();
        h.Tick(T0.AddMinutes(31));
        Assert.Equal(EnvironmentStatus.Error, h.Env().Status);

        h.Send(T0.AddMinutes(40), CheckIn("ok", id: Id));
        var checkIn = h.Env().CheckIns.Single(c => c.Id == Guid.Parse(Id));
        Assert.Equal(CheckInStatus.Timeout, checkIn.Status);
        Assert.Equal(2_400_000, checkIn.DurationMs);
        Assert.Null(checkIn.TimeoutAt);
        Assert.Equal(EnvironmentStatus.Error, h.Env().Status);
        Assert.Equal(At("2024-01-01T10:41:00Z"), h.Env().NextCheckIn);
    }

    [Fact]
    public void D5_IsUpserting_SetByConfigAndResetByNextNewCheckInWithout()
    {
        var h = Started();
        Assert.True(h.Monitor.IsUpserting);

        h.Send(T0.AddSeconds(5), CheckIn("ok", id: Id));
        Assert.True(h.Monitor.IsUpserting); // an update does not reset it

        h.Send(T0.AddMinutes(1), CheckIn("ok"));
        Assert.False(h.Monitor.IsUpserting);
    }

    [Fact]
    public void Bounds_RecentCheckIns_AreKeptPerEnvironment()
    {
        var h = new Harness(new EngineOptions { RecentCheckInsPerEnvironment = 5, RateLimitPerMinute = 1000 });
        h.Send(T0, CheckIn("ok", config: EveryMinute));
        for (var i = 1; i < 20; i++)
        {
            h.Send(T0.AddMinutes(i), CheckIn("ok"));
        }

        var checkIns = h.Env().CheckIns;
        Assert.Equal(5, checkIns.Count);
        Assert.Equal(T0.AddMinutes(19), checkIns[^1].DateAdded);
    }
}
