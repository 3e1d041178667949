using CheckIns.Domain.Config;
using CheckIns.Domain.Model;

namespace CheckIns.Domain.Tests.Incidents;

/// <summary>SEMANTICS D16, R74: muting changes status and incidents but suppresses occurrences.</summary>
public sealed class MutingTests
{
    private static readonly DateTimeOffset T0 = At("2024-01-01T10:00:30Z");

    private static MonitorConfigRequest Mute(bool muted) => new() { ProjectId = 1, Slug = "my-job", IsMuted = muted };

    [Fact]
    public void D16_Muted_StillOpensAndResolvesIncidents_WithoutOccurrences()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: EveryMinute));
        h.State = h.Engine.Configure(h.State, Mute(true), T0).State;
        Assert.True(h.Env().IsMuted);

        h.Send(T0.AddMinutes(1), CheckIn("error"));
        Assert.Equal(EnvironmentStatus.Error, h.Env().Status);
        Assert.NotNull(h.Env().ActiveIncident);
        Assert.Empty(h.Occurrences);

        h.Send(T0.AddMinutes(2), CheckIn("ok"));
        Assert.Equal(EnvironmentStatus.Ok, h.Env().Status);
        Assert.True(Assert.Single(h.Resolutions).Muted);
    }

    [Fact]
    public void D16_Unmute_ResumesOccurrences()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: EveryMinute));
        h.State = h.Engine.Configure(h.State, Mute(true), T0).State;
        h.Send(T0.AddMinutes(1), CheckIn("error"));
        h.State = h.Engine.Configure(h.State, Mute(false), T0).State;
        h.Send(T0.AddMinutes(2), CheckIn("error"));

        var occurrence = Assert.Single(h.Occurrences);
        Assert.False(occurrence.Muted);
    }

    [Fact]
    public void D16_NewEnvironmentOfMutedMonitor_IsMuted()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: EveryMinute));
        h.State = h.Engine.Configure(h.State, Mute(true), T0).State;
        h.Send(T0.AddMinutes(1), CheckIn("error", environment: "staging"));

        Assert.True(h.Env("staging").IsMuted);
        Assert.Empty(h.Occurrences);
    }
}
