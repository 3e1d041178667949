using CheckIns.Domain.Effects;
using CheckIns.Domain.Model;

namespace CheckIns.Domain.Tests.Incidents;

/// <summary>SEMANTICS §10, §11b: state advance, recovery thresholds and resolution.</summary>
public sealed class MarkOkTests
{
    private static readonly DateTimeOffset T0 = At("2024-01-01T10:00:30Z");

    private static object Config(int? recovery = null, int? margin = null) =>
        new { schedule = "0 * * * *", schedule_type = "crontab", recovery_threshold = recovery, checkin_margin = margin };

    [Fact]
    public void R64_R66_Ok_SetsLastAndNextCheckIn()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: Config(margin: 5)));

        var env = h.Env();
        Assert.Equal(T0, env.LastCheckIn);
        Assert.Equal(At("2024-01-01T11:00:00Z"), env.NextCheckIn);
        Assert.Equal(At("2024-01-01T11:05:00Z"), env.NextCheckInLatest);
        Assert.Equal(EnvironmentStatus.Ok, env.Status);
        Assert.Equal(T0, env.LastSuccessfulCheckIn);
    }

    [Fact]
    public void R67_InProgress_KeepsExpectedTimesMoving()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("in_progress", config: Config()));

        Assert.Equal(EnvironmentStatus.Active, h.Env().Status);
        Assert.Equal(At("2024-01-01T11:00:00Z"), h.Env().NextCheckIn);
    }

    [Fact]
    public void R66_Q10_OlderCheckIn_NeverMovesLastCheckInBackwards()
    {
        var h = new Harness();
        const string Long = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
        h.Send(T0, CheckIn("in_progress", id: Long, config: Config()));
        h.Send(T0.AddMinutes(5), CheckIn("ok"));
        h.Send(T0.AddMinutes(10), CheckIn("ok", id: Long));

        Assert.Equal(T0.AddMinutes(5), h.Env().LastCheckIn);
    }

    [Fact]
    public void R66_LateMessage_DoesNotRewindExpectedTimes()
    {
        var h = new Harness();
        h.Send(T0.AddHours(2), CheckIn("ok", config: Config()));
        var before = h.Env();
        h.Send(T0, CheckIn("ok"));

        Assert.Equal(before.LastCheckIn, h.Env().LastCheckIn);
        Assert.Equal(before.NextCheckIn, h.Env().NextCheckIn);
    }

    [Fact]
    public void R79_Ok_ResolvesIncidentWithStatusChange()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("error", config: Config()));
        var incident = h.Env().ActiveIncident!;
        h.Send(T0.AddHours(1), CheckIn("ok"));

        var env = h.Env();
        Assert.Equal(EnvironmentStatus.Ok, env.Status);
        Assert.Null(env.ActiveIncident);
        var resolution = Assert.Single(h.Resolutions);
        Assert.Equal(incident.Id, resolution.Incident!.Id);
        Assert.Equal(incident.Fingerprint, resolution.Incident.Fingerprint);
        Assert.Equal(env.CheckIns[1].Id, resolution.Incident.ResolvingCheckInId);
        Assert.Equal(T0.AddHours(1), resolution.Incident.ResolvingTimestamp);
        Assert.Equal(env.CheckIns[1].Id, resolution.CheckIn!.Id);
    }

    [Fact]
    public void R78_RecoveryThreshold_NeedsNConsecutiveOks()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("error", config: Config(recovery: 3)));
        h.Send(T0.AddHours(1), CheckIn("ok"));
        h.Send(T0.AddHours(2), CheckIn("ok"));
        Assert.Equal(EnvironmentStatus.Error, h.Env().Status);
        Assert.Empty(h.Resolutions);

        h.Send(T0.AddHours(3), CheckIn("ok"));
        Assert.Equal(EnvironmentStatus.Ok, h.Env().Status);
        Assert.Single(h.Resolutions);
    }

    [Fact]
    public void R78_InProgressAmongRecent_BlocksRecovery()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("error", config: Config(recovery: 2)));
        h.Send(T0.AddHours(1), CheckIn("in_progress"));
        h.Send(T0.AddHours(1).AddSeconds(5), CheckIn("ok"));

        Assert.Equal(EnvironmentStatus.Error, h.Env().Status);
    }

    [Fact]
    public void R80_OkOnActiveEnvironment_TurnsOkWithoutResolution()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: Config()));
        Assert.Equal(EnvironmentStatus.Ok, h.Env().Status);
        Assert.Empty(h.Resolutions);
        var change = Assert.Single(h.Effects, e => e.Kind == MonitorEffectKind.EnvironmentStatusChanged);
        Assert.Equal(EnvironmentStatus.Ok, change.EnvironmentStatus);
    }

    [Fact]
    public void R81_ResolvedIncident_IsNeverReopened()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("error", config: Config()));
        h.Send(T0.AddHours(1), CheckIn("ok"));
        h.Send(T0.AddHours(2), CheckIn("error"));

        var resolved = Assert.Single(h.Env().ResolvedIncidents);
        Assert.NotNull(resolved.ResolvingCheckInId);
        Assert.NotEqual(resolved.Id, h.Env().ActiveIncident!.Id);
    }
}
