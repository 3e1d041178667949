using CheckIns.Contracts;
using CheckIns.Domain.Errors;

namespace CheckIns.Domain.Tests.Errors;

/// <summary>SEMANTICS §17 (R104, R105): processing errors kept per entity.</summary>
public sealed class ProcessingErrorTests
{
    private static readonly DateTimeOffset T0 = At("2024-01-01T10:00:30Z");

    [Fact]
    public void R104_Record_CarriesMessagePayloadAndTypedErrors()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: EveryMinute));
        h.Send(T0.AddSeconds(1), CheckIn("done"), messageId: "bad-1");

        var record = Assert.Single(h.State!.ProcessingErrors);
        Assert.Equal("bad-1", record.MessageId);
        Assert.Equal(DeterministicIds.ErrorRecordId("bad-1"), record.Id);
        Assert.Equal(T0.AddSeconds(1), record.ReceivedAt);
        Assert.Equal("done", record.Payload!.Value.GetProperty("status").GetString());
        Assert.Equal(ProcessingErrorType.CheckInValidationFailed, Assert.Single(record.Errors).Type);
    }

    [Fact]
    public void R105_KeepsTenMostRecentByIngestTime()
    {
        var h = new Harness(new EngineOptions { RateLimitPerMinute = 100 });
        h.Send(T0, CheckIn("ok", config: EveryMinute));
        for (var i = 0; i < 15; i++)
        {
            h.Send(T0.AddSeconds(i + 1), CheckIn("done"), messageId: $"bad-{i}");
        }

        var errors = h.State!.ProcessingErrors;
        Assert.Equal(10, errors.Count);
        Assert.Equal(Enumerable.Range(5, 10).Select(i => $"bad-{i}"), errors.Select(e => e.MessageId));
    }

    [Fact]
    public void R105_ErrorsExpireAfterSevenDaysOfIngestTime()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: EveryMinute));
        h.Send(T0, CheckIn("done"), messageId: "old");
        h.Send(T0.AddDays(6), CheckIn("done"), messageId: "recent");
        Assert.Equal(2, h.State!.ProcessingErrors.Count);

        h.Send(T0.AddDays(7).AddMinutes(1), CheckIn("ok"));
        Assert.Equal(["recent"], h.State.ProcessingErrors.Select(e => e.MessageId));
    }

    [Fact]
    public void Q8_InvalidConfigOnExistingMonitor_IsReportedButCheckInProceeds()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: EveryMinute));
        var outcome = h.Send(T0.AddMinutes(1), CheckIn("ok", config: new { schedule = "not a cron", schedule_type = "crontab" }));

        Assert.Equal(CheckInOutcomeKind.Applied, outcome.Kind);
        var warning = Assert.Single(outcome.Error!.Errors);
        Assert.Equal(ProcessingErrorType.MonitorInvalidConfig, warning.Type);
        Assert.Equal(["Schedule is invalid"], warning.Errors!["schedule"]);
        Assert.Equal("* * * * *", h.Monitor.Config.Crontab);
        Assert.Equal(2, h.Env().CheckIns.Count);
    }

    [Fact]
    public void D6_InvalidOwner_IsReportedAndCheckInStillProcessed()
    {
        var h = new Harness();
        var outcome = h.Send(T0, CheckIn("ok", config: new { schedule = "* * * * *", schedule_type = "crontab", owner = "someone" }));

        Assert.Equal(CheckInOutcomeKind.Applied, outcome.Kind);
        Assert.Equal(ProcessingErrorType.MonitorInvalidOwner, Assert.Single(outcome.Error!.Errors).Type);
        Assert.Null(h.Monitor.Owner);
        Assert.Single(h.State!.ProcessingErrors);
    }

    [Fact]
    public void R7_ErrorCodes_AreStable()
    {
        Assert.Equal(
            Enumerable.Range(0, 17),
            Enum.GetValues<ProcessingErrorType>().Select(t => (int)t));
        Assert.Equal(14, (int)ProcessingErrorType.MonitorEnvironmentRateLimited);
        Assert.Equal(16, (int)ProcessingErrorType.MonitorInvalidOwner);
    }
}
