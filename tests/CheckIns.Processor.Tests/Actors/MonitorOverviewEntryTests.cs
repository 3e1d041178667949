using System.Text;
using System.Text.Json.Nodes;
using CheckIns.Contracts;
using CheckIns.Domain;
using CheckIns.Domain.Config;
using CheckIns.Processor.Actors;
using CheckIns.Processor.Tests.App;
using CheckIns.Processor.Tests.Support;
using DaprEmulator.State;
using Microsoft.Extensions.DependencyInjection;

namespace CheckIns.Processor.Tests.Actors;

/// <summary>
/// The monitor writes its overview entry to the project index in its turn only when the entry changed: a plain
/// check-in (the hot path) costs the index nothing. Each turn's actor calls are counted on the emulated sidecar:
/// the monitor's own call, plus one when it wrote to the index.
/// </summary>
public sealed class MonitorOverviewEntryTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 10, 0, 5, TimeSpan.Zero);

    [Fact]
    public async Task The_entry_is_written_at_creation_and_on_each_change_never_for_a_plain_check_in()
    {
        await using var harness = new MonitorActorHarness(7, "nightly", Start);
        await harness.ApplyAsync(Messages.CheckIn(7, "nightly", "ok", Start, monitorConfig: Messages.CrontabConfig("0 * * * *")));
        Assert.Equal("ok", (await EntryAsync(harness)).Environments[0].Status);

        for (var hour = 11; hour <= 14; hour++)
        {
            Assert.Equal(1, await CallsAsync(harness, () => harness.ApplyAsync(Messages.CheckIn(7, "nightly", "ok", At(hour)))));
        }

        Assert.Equal(2, await CallsAsync(harness, () => harness.ApplyAsync(Messages.CheckIn(7, "nightly", "error", At(15)))));
        Assert.True((await EntryAsync(harness)).Environments[0].HasActiveIncident);

        // Still failing, incident still open: nothing the overview shows changed.
        Assert.Equal(1, await CallsAsync(harness, () => harness.ApplyAsync(Messages.CheckIn(7, "nightly", "error", At(16)))));

        Assert.Equal(2, await CallsAsync(harness, () => harness.ApplyAsync(Messages.CheckIn(7, "nightly", "ok", At(17)))));
        Assert.Equal("ok", (await EntryAsync(harness)).Environments[0].Status);

        var mute = new MonitorConfigRequest { ProjectId = 7, Slug = "nightly", IsMuted = true };
        Assert.Equal(2, await CallsAsync(harness, () => harness.ConfigureAsync(mute)));
        Assert.Equal(1, await CallsAsync(harness, () => harness.ConfigureAsync(mute)));
        Assert.True((await EntryAsync(harness)).IsMuted);

        // A new environment also claims its ping UUID (one more call); its entry shows it.
        Assert.Equal(3, await CallsAsync(harness, () => harness.ApplyAsync(Messages.CheckIn(7, "nightly", "ok", At(18), environment: "staging"))));
        Assert.Equal(["production", "staging"], (await EntryAsync(harness)).Environments.Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_monitor_indexed_before_the_index_kept_entries_writes_its_entry_on_its_next_turn()
    {
        await using var harness = new MonitorActorHarness(7, "nightly", Start);
        await harness.ApplyAsync(Messages.CheckIn(7, "nightly", "ok", Start, monitorConfig: Messages.CrontabConfig("0 * * * *")));
        // The bookkeeping and the index as such a monitor left them: indexed, no entry.
        await harness.App.ForgetOverviewAsync(7, "nightly");
        await harness.App.EditStoredStateAsync(_ =>
        {
            var reminders = harness.Stored(MonitorActor.RemindersKey)!.AsObject();
            var inOverview = reminders.Single(p => string.Equals(p.Key, nameof(ReminderBookkeeping.InOverview), StringComparison.OrdinalIgnoreCase)).Key;
            reminders.Remove(inOverview);
            var key = ProcessorAppFactory.ActorStateKey(nameof(MonitorActor), harness.MonitorKey, MonitorActor.RemindersKey);
            return [new StateOperation(key, false, Encoding.UTF8.GetBytes(reminders.ToJsonString()), null, false, null)];
        });
        Assert.Empty((await OverviewAsync(harness)).Entries);

        Assert.Equal(2, await CallsAsync(harness, () => harness.ApplyAsync(Messages.CheckIn(7, "nightly", "ok", At(11)))));
        Assert.Equal(1, await CallsAsync(harness, () => harness.ApplyAsync(Messages.CheckIn(7, "nightly", "ok", At(12)))));

        Assert.Equal("ok", (await EntryAsync(harness)).Environments[0].Status);
    }

    /// <summary>The actor calls the sidecar served during <paramref name="turn"/>.</summary>
    private static async Task<long> CallsAsync(MonitorActorHarness harness, Func<Task> turn)
    {
        await harness.App.AppAsync();
        var before = harness.App.Emulator.Cluster.Actors.MethodCalls;
        await turn();
        return harness.App.Emulator.Cluster.Actors.MethodCalls - before;
    }

    private static async Task<ProjectOverview> OverviewAsync(MonitorActorHarness harness) =>
        await (await harness.App.AppAsync()).Services.GetRequiredService<IProjectIndex>().OverviewAsync(7, TestContext.Current.CancellationToken);

    private static async Task<MonitorOverviewEntry> EntryAsync(MonitorActorHarness harness) => Assert.Single((await OverviewAsync(harness)).Entries);

    private static DateTimeOffset At(int hour) => new(2026, 1, 5, hour, 0, 5, TimeSpan.Zero);
}
