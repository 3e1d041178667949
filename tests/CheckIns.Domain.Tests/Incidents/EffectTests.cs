using CheckIns.Domain.Effects;
using CheckIns.Domain.Model;

namespace CheckIns.Domain.Tests.Incidents;

/// <summary>What the effects carry for the monitors-status event (R118, R120).</summary>
public sealed class EffectTests
{
    private static readonly DateTimeOffset T0 = At("2024-01-01T10:00:30Z");

    [Fact]
    public void Effects_CarryMonitorOwnerConfigAndEnvironment()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: new { schedule = "0 * * * *", schedule_type = "crontab", owner = "team:9" }, environment: "prod-eu"));
        h.Send(T0.AddHours(1), """{"check_in_id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","status":"error","environment":"prod-eu","contexts":{"trace":{"trace_id":"a1b2c3d4e5f60718293a4b5c6d7e8f90"}}}""");

        var occurrence = Assert.Single(h.Occurrences);
        Assert.Equal(1, occurrence.ProjectId);
        Assert.Equal(10, occurrence.OrganizationId);
        Assert.Equal("my-job", occurrence.MonitorSlug);
        Assert.Equal("team:9", occurrence.Owner);
        Assert.Equal("0 * * * *", occurrence.MonitorConfig.Crontab);
        Assert.Equal("prod-eu", occurrence.Environment);
        Assert.Equal("a1b2c3d4e5f60718293a4b5c6d7e8f90", occurrence.CheckIn!.TraceId);
        Assert.Equal(CheckInStatus.Error, occurrence.CheckIn.Status);
        Assert.Equal(T0.AddHours(1), occurrence.CheckIn.DateAdded);
        Assert.Equal([occurrence.CheckIn], occurrence.PreviousCheckIns);
        Assert.False(occurrence.Muted);
    }

    [Fact]
    public void StatusChanges_AreReportedOncePerChange()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("in_progress", config: EveryMinute));
        h.Send(T0.AddSeconds(10), CheckIn("ok"));
        h.Send(T0.AddMinutes(1), CheckIn("ok"));
        h.Send(T0.AddMinutes(2), CheckIn("error"));
        h.Send(T0.AddMinutes(3), CheckIn("error"));
        h.Send(T0.AddMinutes(4), CheckIn("ok"));

        var changes = h.Effects.Where(e => e.Kind == MonitorEffectKind.EnvironmentStatusChanged).Select(e => e.EnvironmentStatus);
        Assert.Equal([EnvironmentStatus.Ok, EnvironmentStatus.Error, EnvironmentStatus.Ok], changes);
        Assert.Equal(
            [MonitorEffectKind.EnvironmentStatusChanged, MonitorEffectKind.EnvironmentStatusChanged, MonitorEffectKind.IncidentOccurrence,
             MonitorEffectKind.IncidentOccurrence, MonitorEffectKind.IncidentResolved, MonitorEffectKind.EnvironmentStatusChanged],
            h.Effects.Select(e => e.Kind));
    }

    [Fact]
    public void EffectIds_FollowTheStoredSequence()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("error", config: EveryMinute));
        Assert.Equal(["1:my-job:1", "1:my-job:2"], h.Effects.Select(e => e.EffectId));
        Assert.Equal(2, h.State!.EffectSequence);
    }

    [Fact]
    public void R92_IntervalSchedule_MissedAndNextFromTheSlot()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: new { schedule = new object[] { 30, "minute" }, schedule_type = "interval", checkin_margin = 5 }));
        Assert.Equal(At("2024-01-01T10:30:00Z"), h.Env().NextCheckIn);

        h.RunClockUntil(At("2024-01-01T11:40:00Z"));
        var missed = h.Env().CheckIns.Where(c => c.Status == CheckInStatus.Missed).Select(c => c.DateAdded);
        Assert.Equal([At("2024-01-01T10:30:00Z"), At("2024-01-01T11:00:00Z"), At("2024-01-01T11:30:00Z")], missed);
        Assert.Equal(At("2024-01-01T12:00:00Z"), h.Env().NextCheckIn);
    }
}
