using DaprEmulator.Testing;
using DaprEmulator.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DaprEmulator.Tests.Actors;

public sealed class ReminderTests
{
    private static async Task<(DaprTestEnvironment Dapr, FakeTimeProvider Time, ActorProbe Probe, ICounterActor Actor)> StartAsync(TestResources resources, string actorId)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path, TimeProvider = time }, TestContext.Current.CancellationToken);
        var probe = new ActorProbe();
        await ActorApps.StartCounterAppAsync(dapr, probe);
        return (dapr, time, probe, await ActorApps.ProxyAsync(dapr, actorId));
    }

    [Fact]
    public async Task A_reminder_fires_once_time_passes_its_due_time_and_not_before()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        var (dapr, time, probe, actor) = await StartAsync(resources, "r-1");
        await using var _ = dapr;

        await actor.RemindAsync(new ReminderRequest("deadline", TimeSpan.FromMinutes(5), Timeout.InfiniteTimeSpan));
        time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1));
        await dapr.WaitForIdleAsync(ct);
        Assert.Empty(probe.Reminders);

        time.Advance(TimeSpan.FromMilliseconds(1));
        await dapr.WaitForIdleAsync(ct);
        var fired = Assert.Single(probe.Reminders);
        Assert.Equal(("r-1", "deadline"), (fired.ActorId, fired.Name));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 5, 0, TimeSpan.Zero), fired.At);

        time.Advance(TimeSpan.FromHours(1));
        await dapr.WaitForIdleAsync(ct);
        Assert.Single(probe.Reminders); // one-shot
    }

    [Fact]
    public async Task A_periodic_reminder_repeats_until_it_is_unregistered()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        var (dapr, time, probe, actor) = await StartAsync(resources, "r-2");
        await using var _ = dapr;

        await actor.RemindAsync(new ReminderRequest("tick", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)));
        for (var i = 1; i <= 3; i++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await dapr.WaitForIdleAsync(ct);
            Assert.Equal(i, probe.Reminders.Count);
        }

        await actor.ForgetReminderAsync("tick");
        time.Advance(TimeSpan.FromMinutes(5));
        await dapr.WaitForIdleAsync(ct);
        Assert.Equal(3, probe.Reminders.Count);
        Assert.Empty(dapr.Cluster.Actors.Reminders.List());
    }

    [Fact]
    public async Task Registering_a_reminder_again_under_the_same_name_replaces_it()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        var (dapr, time, probe, actor) = await StartAsync(resources, "r-3");
        await using var _ = dapr;

        await actor.RemindAsync(new ReminderRequest("deadline", TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan));
        await actor.RemindAsync(new ReminderRequest("deadline", TimeSpan.FromMinutes(10), Timeout.InfiniteTimeSpan));
        time.Advance(TimeSpan.FromMinutes(9));
        await dapr.WaitForIdleAsync(ct);
        Assert.Empty(probe.Reminders);

        time.Advance(TimeSpan.FromMinutes(1));
        await dapr.WaitForIdleAsync(ct);
        Assert.Single(probe.Reminders);
    }

    [Fact]
    public async Task A_reminder_survives_an_app_restart_and_fires_when_the_app_is_back()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        var (dapr, time, probe, actor) = await StartAsync(resources, "r-4");
        await using var _ = dapr;
        await actor.RemindAsync(new ReminderRequest("deadline", TimeSpan.FromMinutes(5), Timeout.InfiniteTimeSpan));

        await dapr.StopAppAsync("counter-app");
        time.Advance(TimeSpan.FromMinutes(6));
        await dapr.WaitForIdleAsync(ct);
        Assert.Empty(probe.Reminders);

        await dapr.RestartAppAsync("counter-app", ct);
        await dapr.WaitForIdleAsync(ct);

        var fired = Assert.Single(probe.Reminders);
        Assert.Equal("deadline", fired.Name);
    }

    [Fact]
    public async Task Timers_fire_on_the_clock_and_do_not_survive_deactivation()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path, TimeProvider = time }, ct);
        var probe = new ActorProbe();
        await ActorApps.StartCounterAppAsync(dapr, probe, idleTimeout: TimeSpan.FromMinutes(10));
        var actor = await ActorApps.ProxyAsync(dapr, "tm-1");

        await actor.StartTimerAsync(new TimerRequest("poll", TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(20)));
        time.Advance(TimeSpan.FromSeconds(30));
        await dapr.WaitForIdleAsync(ct);
        Assert.Single(probe.Timers);

        // Ten idle minutes after its last turn (the timer callback) the actor is deactivated, before the next tick.
        time.Advance(TimeSpan.FromMinutes(10));
        await dapr.WaitForIdleAsync(ct);
        Assert.Equal(["tm-1"], probe.Deactivated);
        time.Advance(TimeSpan.FromMinutes(30));
        await dapr.WaitForIdleAsync(ct);
        Assert.Single(probe.Timers);
        Assert.DoesNotContain(new Dapr.Actors.ActorId("tm-1").GetId(), dapr.Cluster.Actors.ActiveActors.Select(a => a.Id));
    }

    [Fact]
    public async Task Timers_are_dropped_when_the_app_stops()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        var (dapr, time, probe, actor) = await StartAsync(resources, "tm-2");
        await using var _ = dapr;
        await actor.StartTimerAsync(new TimerRequest("poll", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)));

        await dapr.RestartAppAsync("counter-app", ct);
        time.Advance(TimeSpan.FromMinutes(5));
        await dapr.WaitForIdleAsync(ct);

        Assert.Empty(probe.Timers);
    }

    [Fact]
    public async Task A_reminder_due_now_fires_without_advancing_the_clock()
    {
        var ct = TestContext.Current.CancellationToken;
        using var resources = TestResources.Default();
        var (dapr, _, probe, actor) = await StartAsync(resources, "r-5");
        await using var _ = dapr;

        await actor.RemindAsync(new ReminderRequest("now", TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        await dapr.WaitForIdleAsync(ct);

        Assert.Equal("now", Assert.Single(probe.Reminders).Name);
    }
}
