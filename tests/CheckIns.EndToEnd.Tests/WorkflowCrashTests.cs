using CheckIns.Contracts;
using CheckIns.EndToEnd.Tests.Support;

namespace CheckIns.EndToEnd.Tests;

/// <summary>
/// A check-in's workflow losing a step's result (the sidecar did not record it, so the step runs again) still gets
/// each event to incidents exactly once: the monitor actor answers a repeated apply with its kept events, and
/// incidents drops an event id it has seen.
/// </summary>
public sealed class WorkflowCrashTests : IAsyncLifetime
{
    private CheckInsSuite _suite = null!;

    public async ValueTask InitializeAsync() => _suite = await CheckInsSuite.StartAsync(ct: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _suite.DisposeAsync();

    [Theory]
    [InlineData("ApplyCheckInActivity")]        // after the actor saved, before the apply's result was recorded
    [InlineData("PublishStatusEventActivity")]  // after the broker took an event, before the publish's result was recorded
    [InlineData("AcknowledgeOperationActivity")] // after the events went out, before the actor's acknowledgement was recorded
    public async Task A_lost_step_result_neither_loses_nor_doubles_the_occurrence_at_incidents(string activity)
    {
        await _suite.CheckInAsync("crashy", "ok", CheckInJson.Hourly);
        await _suite.WaitForIdleAsync();
        await _suite.AdvanceAsync(TimeSpan.FromMinutes(1));

        _suite.Env.Workflows.Faults.FailNextActivityCompletions(1, activity);
        await _suite.CheckInAsync("crashy", "error");
        await _suite.WaitForIdleAsync();

        Assert.Equal(2, (await _suite.EnvironmentAsync("crashy")).GetProperty("recent_checkins").GetArrayLength());
        Assert.Single(_suite.Occurrences());
        var issue = Assert.Single(await _suite.IncidentsAsync("?status=open"));
        Assert.Equal(1, issue.GetProperty("occurrence_count").GetInt32());
        Assert.Contains(_suite.StatusEvents(), e => e.GetProperty("kind").GetString() == MonitorStatusEventKinds.IncidentOccurrence);
    }
}
