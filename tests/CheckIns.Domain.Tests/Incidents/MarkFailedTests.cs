using CheckIns.Domain.Incidents;
using CheckIns.Domain.Model;

namespace CheckIns.Domain.Tests.Incidents;

/// <summary>SEMANTICS §11a: failure thresholds, incidents and occurrences.</summary>
public sealed class MarkFailedTests
{
    private static readonly DateTimeOffset T0 = At("2024-01-01T10:00:30Z");

    private static object Config(int? failure = null, int? recovery = null) =>
        new { schedule = "* * * * *", schedule_type = "crontab", failure_issue_threshold = failure, recovery_threshold = recovery };

    [Fact]
    public void R71_ThresholdOne_FirstErrorOpensIncidentWithOneOccurrence()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: Config()));
        h.Send(T0.AddMinutes(1), CheckIn("error"));

        var env = h.Env();
        Assert.Equal(EnvironmentStatus.Error, env.Status);
        var incident = env.ActiveIncident!;
        Assert.Equal(env.CheckIns[1].Id, incident.StartingCheckInId);
        Assert.Equal(T0.AddMinutes(1), incident.StartingTimestamp);

        var occurrence = Assert.Single(h.Occurrences);
        Assert.Equal(incident, occurrence.Incident);
        Assert.Equal(env.CheckIns[1].Id, occurrence.CheckIn!.Id);
        Assert.Equal("An error check-in was detected", occurrence.FailureReason);
        Assert.Equal(T0, occurrence.LastSuccessfulCheckIn);
        Assert.Equal(T0.AddMinutes(1), occurrence.ReceivedAt);
        Assert.Equal("my-job", occurrence.MonitorName);
        Assert.Equal(h.Monitor.Guid, occurrence.MonitorGuid);
        Assert.Equal(EnvironmentStatus.Error, occurrence.EnvironmentStatus);
    }

    [Fact]
    public void R71_R74_ThresholdThree_OpensOnThirdFailureWithThreeOccurrences()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: Config(failure: 3)));
        h.Send(T0.AddMinutes(1), CheckIn("error"));
        h.Send(T0.AddMinutes(2), CheckIn("error"));
        Assert.Equal(EnvironmentStatus.Ok, h.Env().Status);
        Assert.Empty(h.Occurrences);

        h.Send(T0.AddMinutes(3), CheckIn("error"));
        var env = h.Env();
        Assert.Equal(EnvironmentStatus.Error, env.Status);
        Assert.Equal(env.CheckIns[1].Id, env.ActiveIncident!.StartingCheckInId);

        var occurrences = h.Occurrences.ToList();
        Assert.Equal(3, occurrences.Count);
        Assert.Equal(env.CheckIns.Skip(1).Select(c => c.Id), occurrences.Select(o => o.CheckIn!.Id));
        Assert.All(occurrences, o => Assert.Equal(env.CheckIns.Skip(1).Select(c => c.Id), o.PreviousCheckIns.Select(c => c.Id)));
        Assert.All(occurrences, o => Assert.Equal("3 error check-ins detected", o.FailureReason));
        Assert.Equal(3, occurrences.Select(o => o.EffectId).Distinct().Count());

        // R74: each later failure while in ERROR produces exactly one occurrence.
        h.Send(T0.AddMinutes(4), CheckIn("error"));
        Assert.Equal(4, h.Occurrences.Count());
        Assert.Equal(env.ActiveIncident, h.Occurrences.Last().Incident);
    }

    [Fact]
    public void R71_AnyOkInWindow_KeepsEnvironmentHealthyButMovesTimestamps()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: Config(failure: 2)));
        h.Send(T0.AddMinutes(1), CheckIn("error"));

        Assert.Equal(EnvironmentStatus.Ok, h.Env().Status);
        Assert.Equal(At("2024-01-01T10:02:00Z"), h.Env().NextCheckIn);
        Assert.Equal(T0.AddMinutes(1), h.Env().LastCheckIn);
    }

    [Fact]
    public void Q1_ShortHistory_OpensIncidentImmediately()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("error", config: Config(failure: 3)));

        Assert.Equal(EnvironmentStatus.Error, h.Env().Status);
        Assert.Single(h.Occurrences);
    }

    [Fact]
    public void R69_StaleError_OlderThanLastCheckIn_ChangesNothing()
    {
        var h = new Harness();
        h.Send(T0.AddMinutes(5), CheckIn("ok", config: Config()));
        var before = h.Env();

        h.Send(T0, CheckIn("error"));

        var env = h.Env();
        Assert.Equal(EnvironmentStatus.Ok, env.Status);
        Assert.Equal(before.LastCheckIn, env.LastCheckIn);
        Assert.Equal(before.NextCheckIn, env.NextCheckIn);
        Assert.Empty(h.Occurrences);
        Assert.Equal(2, env.CheckIns.Count);
    }

    [Fact]
    public void R13_OneActiveIncidentPerEnvironment_OthersIndependent()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("error", config: Config()));
        h.Send(T0.AddSeconds(1), CheckIn("error", environment: "staging"));
        h.Send(T0.AddMinutes(1), CheckIn("error"));

        Assert.NotEqual(h.Env().ActiveIncident!.Id, h.Env("staging").ActiveIncident!.Id);
        Assert.NotEqual(h.Env().ActiveIncident!.Fingerprint, h.Env("staging").ActiveIncident!.Fingerprint);
        Assert.Equal(1, h.Env().IncidentCount);
    }

    [Fact]
    public void D13_IncidentAfterResolution_IsNewButKeepsFingerprint()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("error", config: Config()));
        var first = h.Env().ActiveIncident!;
        h.Send(T0.AddMinutes(1), CheckIn("ok"));
        h.Send(T0.AddMinutes(2), CheckIn("error"));
        var second = h.Env().ActiveIncident!;

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(first.Fingerprint, second.Fingerprint);
        Assert.Equal(first.Id, Assert.Single(h.Env().ResolvedIncidents).Id);
    }

    [Theory]
    [InlineData(new[] { CheckInStatus.Error }, "An error check-in was detected")]
    [InlineData(new[] { CheckInStatus.Missed }, "A missed check-in was detected")]
    [InlineData(new[] { CheckInStatus.Timeout }, "A timeout check-in was detected")]
    [InlineData(new[] { CheckInStatus.InProgress, CheckInStatus.Error }, "An error check-in was detected")]
    [InlineData(new[] { CheckInStatus.Error, CheckInStatus.Missed, CheckInStatus.Timeout }, "1 error, 1 missed and 1 timeout check-ins detected")]
    [InlineData(new[] { CheckInStatus.Missed, CheckInStatus.Error, CheckInStatus.Missed }, "2 missed and 1 error check-ins detected")]
    [InlineData(new[] { CheckInStatus.Timeout, CheckInStatus.Timeout }, "2 timeout check-ins detected")]
    [InlineData(new[] { CheckInStatus.InProgress, CheckInStatus.Unknown }, "A failed check-in was detected")]
    public void R119_Q12_FailureReason(CheckInStatus[] statuses, string expected)
    {
        var window = statuses.Select((s, i) => new CheckIn
        {
            Id = Guid.Parse(NewGuid(i)),
            Status = s,
            DateAdded = T0.AddMinutes(i),
            DateUpdated = T0.AddMinutes(i),
            DateClock = T0.AddMinutes(i),
        }).ToList();
        Assert.Equal(expected, FailureReason.Describe(window));
    }
}
