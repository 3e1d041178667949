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
}
