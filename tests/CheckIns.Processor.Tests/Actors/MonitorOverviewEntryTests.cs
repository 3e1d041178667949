using CheckIns.Domain.Config;
using CheckIns.Processor.Actors;
using CheckIns.Processor.Tests.Support;

namespace CheckIns.Processor.Tests.Actors;

/// <summary>
/// The monitor writes its overview entry to the project index in its turn only when the entry changed: a plain
/// check-in (the hot path) costs the index nothing.
/// </summary>
public sealed class MonitorOverviewEntryTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 10, 0, 5, TimeSpan.Zero);

    [Fact]
    public async Task The_entry_is_written_at_creation_and_on_each_change_never_for_a_plain_check_in()
    {
        var harness = new MonitorActorHarness(7, "nightly", Start);
        await harness.ApplyAsync(Messages.CheckIn(7, "nightly", "ok", Start, monitorConfig: Messages.CrontabConfig("0 * * * *")));
        Assert.Equal(1, Writes(harness));

        for (var hour = 11; hour <= 14; hour++)
        {
            await harness.ApplyAsync(Messages.CheckIn(7, "nightly", "ok", At(hour)));
        }

        Assert.Equal(1, Writes(harness));

        await harness.ApplyAsync(Messages.CheckIn(7, "nightly", "error", At(15)));
        Assert.Equal(2, Writes(harness));
        Assert.True(Entry(harness).Environments[0].HasActiveIncident);

        // Still failing, incident still open: nothing the overview shows changed.
        await harness.ApplyAsync(Messages.CheckIn(7, "nightly", "error", At(16)));
        Assert.Equal(2, Writes(harness));

        await harness.ApplyAsync(Messages.CheckIn(7, "nightly", "ok", At(17)));
        Assert.Equal(3, Writes(harness));
        Assert.Equal("ok", Entry(harness).Environments[0].Status);

        await harness.ConfigureAsync(new MonitorConfigRequest { ProjectId = 7, Slug = "nightly", IsMuted = true });
        Assert.Equal(4, Writes(harness));
        await harness.ConfigureAsync(new MonitorConfigRequest { ProjectId = 7, Slug = "nightly", IsMuted = true });
        Assert.Equal(4, Writes(harness));
        Assert.True(Entry(harness).IsMuted);

        await harness.ApplyAsync(Messages.CheckIn(7, "nightly", "ok", At(18), environment: "staging"));
        Assert.Equal(5, Writes(harness));
        Assert.Equal(["production", "staging"], Entry(harness).Environments.Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_monitor_indexed_before_the_index_kept_entries_writes_its_entry_on_its_next_turn()
    {
        var harness = new MonitorActorHarness(7, "nightly", Start);
        await harness.ApplyAsync(Messages.CheckIn(7, "nightly", "ok", Start, monitorConfig: Messages.CrontabConfig("0 * * * *")));
        // The bookkeeping as such a monitor left it: indexed, no entry.
        var kept = await harness.State.GetStateAsync<ReminderBookkeeping>(MonitorActor.RemindersKey, TestContext.Current.CancellationToken);
        await harness.State.SetStateAsync(MonitorActor.RemindersKey, new ReminderBookkeeping { WakeUpAt = kept.WakeUpAt, Indexed = true }, TestContext.Current.CancellationToken);
        await harness.State.SaveStateAsync(TestContext.Current.CancellationToken);
        var before = Writes(harness);

        await harness.ApplyAsync(Messages.CheckIn(7, "nightly", "ok", At(11)));
        await harness.ApplyAsync(Messages.CheckIn(7, "nightly", "ok", At(12)));

        Assert.Equal(before + 1, Writes(harness));
        Assert.Equal("ok", Entry(harness).Environments[0].Status);
    }

    private static int Writes(MonitorActorHarness harness) => harness.Runtime.OverviewWrites[(7, "nightly")];

    private static MonitorOverviewEntry Entry(MonitorActorHarness harness) =>
        Assert.Single(harness.Runtime.OverviewAsync(7, TestContext.Current.CancellationToken).GetAwaiter().GetResult().Entries);

    private static DateTimeOffset At(int hour) => new(2026, 1, 5, hour, 0, 5, TimeSpan.Zero);
}
