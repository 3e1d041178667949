using CheckIns.Domain.Config;
using CheckIns.Domain.Errors;
using CheckIns.Domain.Model;
using CheckIns.Domain.Quota;

namespace CheckIns.Domain.Tests.Pipeline;

/// <summary>SEMANTICS §5: each step of the per-check-in pipeline, in Sentry's order.</summary>
public sealed class PipelineOrderTests
{
    private static readonly DateTimeOffset T0 = At("2024-01-01T10:00:30Z");

    [Fact]
    public void R27_KillSwitch_RejectsBeforeAnythingElse()
    {
        var h = new Harness(new EngineOptions { KillSwitchedOrganizations = new HashSet<long> { 10 } });
        var outcome = h.Send(T0, CheckIn("ok", config: EveryMinute));

        Assert.Equal(CheckInOutcomeKind.Rejected, outcome.Kind);
        Assert.Equal(ProcessingErrorType.OrganizationKillSwitchEnabled, Assert.Single(outcome.Error!.Errors).Type);
        Assert.Equal(new BillingOutcome(BillingOutcomeKind.Abuse, "killswitch"), outcome.Billing);
        Assert.False(h.State!.Exists);
        Assert.Empty(h.State.RateWindows);
    }

    [Fact]
    public void R28_RateLimit_SixPerIngestMinutePerEnvironment()
    {
        var h = new Harness();
        var outcomes = Enumerable.Range(0, 8).Select(i => h.Send(T0.AddSeconds(i), CheckIn("ok", config: EveryMinute))).ToList();

        Assert.All(outcomes.Take(6), o => Assert.Equal(CheckInOutcomeKind.Applied, o.Kind));
        Assert.All(outcomes.Skip(6), o =>
        {
            Assert.Equal(ProcessingErrorType.MonitorEnvironmentRateLimited, Assert.Single(o.Error!.Errors).Type);
            Assert.Equal(new BillingOutcome(BillingOutcomeKind.RateLimited, "rate_limited"), o.Billing);
        });

        // Another environment has its own bucket, and the next ingest minute starts afresh.
        Assert.Equal(CheckInOutcomeKind.Applied, h.Send(T0.AddSeconds(10), CheckIn("ok", environment: "staging")).Kind);
        Assert.Equal(CheckInOutcomeKind.Applied, h.Send(T0.AddSeconds(40), CheckIn("ok")).Kind);
    }

    [Fact]
    public void R28_RateLimit_CountsRejectedCheckInsToo()
    {
        var h = new Harness(new EngineOptions { RateLimitPerMinute = 2 });
        h.Send(T0, CheckIn("done", config: EveryMinute));
        h.Send(T0, CheckIn("ok", id: "not-a-guid", config: EveryMinute));
        var third = h.Send(T0, CheckIn("ok", config: EveryMinute));

        Assert.Equal(ProcessingErrorType.MonitorEnvironmentRateLimited, Assert.Single(third.Error!.Errors).Type);
    }

    [Fact]
    public void Q2_RateLimit_MissingEnvironmentAndProductionShareOneBucket()
    {
        var h = new Harness(new EngineOptions { RateLimitPerMinute = 1 });
        Assert.Equal(CheckInOutcomeKind.Applied, h.Send(T0, CheckIn("ok", config: EveryMinute)).Kind);
        var second = h.Send(T0.AddSeconds(1), CheckIn("ok", environment: "production"));
        Assert.Equal(ProcessingErrorType.MonitorEnvironmentRateLimited, Assert.Single(second.Error!.Errors).Type);
    }

    [Fact]
    public void R29_QuotaDrop_RejectsOverQuota()
    {
        var h = new Harness(quota: new FakeQuota { Permit = QuotaPermit.Drop });
        var outcome = h.Send(T0, CheckIn("ok", config: EveryMinute));

        Assert.Equal(ProcessingErrorType.MonitorOverQuota, Assert.Single(outcome.Error!.Errors).Type);
        Assert.Equal(new BillingOutcome(BillingOutcomeKind.RateLimited, "over_quota"), outcome.Billing);
        Assert.False(h.State!.Exists);
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("{6ba7b810-9dad-11d1-80b4-00c04fd430c8}")]
    [InlineData("")]
    public void R30_InvalidGuid_IsRejected(string id)
    {
        var h = new Harness();
        var outcome = h.Send(T0, CheckIn("ok", id: id, config: EveryMinute));

        Assert.Equal(ProcessingErrorType.CheckInInvalidGuid, Assert.Single(outcome.Error!.Errors).Type);
        Assert.Equal(new BillingOutcome(BillingOutcomeKind.Invalid, "invalid_guid"), outcome.Billing);
    }

    [Fact]
    public void R30_GuidWithoutHyphens_IsAccepted()
    {
        var h = new Harness();
        var outcome = h.Send(T0, CheckIn("ok", id: "6ba7b8109dad11d180b400c04fd430c8", config: EveryMinute));

        Assert.Equal(CheckInOutcomeKind.Applied, outcome.Kind);
        Assert.Equal(Guid.Parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), outcome.CheckInId);
    }

    [Theory]
    [InlineData("""{"check_in_id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","status":"done"}""", "status", "\"done\" is not a valid choice.")]
    [InlineData("""{"check_in_id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","status":"missed"}""", "status", "\"missed\" is not a valid choice.")]
    [InlineData("""{"check_in_id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","status":"ok","duration":-1}""", "duration", "Ensure this value is greater than or equal to 0.")]
    [InlineData("""{"check_in_id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","status":"ok","duration":2147484}""", "duration", "Ensure this value is less than or equal to 2147483647.")]
    [InlineData("""{"check_in_id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","status":"ok","environment":5}""", "environment", "Not a valid string.")]
    [InlineData("""{"check_in_id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","status":"ok","contexts":{"trace":{"trace_id":"xyz"}}}""", "trace_id", "Must be a valid UUID.")]
    [InlineData("""{"check_in_id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8"}""", "status", "This field is required.")]
    public void R33_Validation_RejectsWithFieldMessages(string payload, string field, string message)
    {
        var h = new Harness();
        var outcome = h.Send(T0, payload);

        var error = Assert.Single(outcome.Error!.Errors);
        Assert.Equal(ProcessingErrorType.CheckInValidationFailed, error.Type);
        Assert.Equal([message], error.Errors![field]);
        Assert.Equal(new BillingOutcome(BillingOutcomeKind.Invalid, "invalid_check_in"), outcome.Billing);
    }

    [Fact]
    public void R32_Duration_SecondsBecomeTruncatedMilliseconds()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: EveryMinute, duration: 1.2345));

        Assert.Equal(1234, Assert.Single(h.Env().CheckIns).DurationMs);
    }

    [Fact]
    public void R16_UnknownKeysAndNullContexts_DoNotBreakProcessing()
    {
        var h = new Harness();
        var outcome = h.Send(T0, """{"check_in_id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","status":"ok","message":"hi","contexts":null,"monitor_config":{"schedule":"* * * * *","schedule_type":"crontab"}}""");
        Assert.Equal(CheckInOutcomeKind.Applied, outcome.Kind);
    }

    [Fact]
    public void R16_TraceId_IsKeptAsHex()
    {
        var h = new Harness();
        h.Send(T0, """{"check_in_id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","status":"ok","contexts":{"trace":{"trace_id":"A1B2C3D4E5F60718293A4B5C6D7E8F90"}},"monitor_config":{"schedule":"* * * * *","schedule_type":"crontab"}}""");
        Assert.Equal("a1b2c3d4e5f60718293a4b5c6d7e8f90", Assert.Single(h.Env().CheckIns).TraceId);
    }

    [Fact]
    public void R36_NoMonitorAndNoConfig_IsMonitorNotFound()
    {
        var h = new Harness();
        var outcome = h.Send(T0, CheckIn("ok"));

        Assert.Equal(ProcessingErrorType.MonitorNotFound, Assert.Single(outcome.Error!.Errors).Type);
        Assert.Equal(new BillingOutcome(BillingOutcomeKind.Invalid, "invalid_monitor"), outcome.Billing);
        Assert.False(h.State!.Exists);
        Assert.Single(h.State.ProcessingErrors);
    }

    [Fact]
    public void R34_R36_InvalidConfigWithoutMonitor_ReportsConfigErrorsThenNotFound()
    {
        var h = new Harness();
        var outcome = h.Send(T0, CheckIn("ok", config: new { schedule = "* * * * *" }));

        Assert.Equal(
            [ProcessingErrorType.MonitorInvalidConfig, ProcessingErrorType.MonitorNotFound],
            outcome.Error!.Errors.Select(e => e.Type));
        Assert.Equal(["Missing or invalid schedule type"], outcome.Error.Errors[0].Errors!["schedule_type"]);
    }

    [Fact]
    public void R34_MonitorLimit_RejectsCreation()
    {
        var h = new Harness(new EngineOptions { MaxMonitorsPerOrganization = 3 }, new FakeQuota { CanCreate = false });
        var outcome = h.Send(T0, CheckIn("ok", config: EveryMinute));

        var error = Assert.Single(outcome.Error!.Errors);
        Assert.Equal(ProcessingErrorType.MonitorLimitExceeded, error.Type);
        Assert.Equal("You may not exceed 3 monitors per organization", error.Reason);
        Assert.Equal(new BillingOutcome(BillingOutcomeKind.Invalid, "monitor_limit_exceeded"), outcome.Billing);
        Assert.False(h.State!.Exists);
    }

    [Fact]
    public void R35_R37_NoSeatForUpsert_CreatesMonitorDisabledAndDropsCheckIn()
    {
        var h = new Harness(quota: new FakeQuota { Permit = QuotaPermit.AcceptedForUpsert, Seat = false });
        var outcome = h.Send(T0, CheckIn("ok", config: EveryMinute));

        Assert.Equal(ProcessingErrorType.MonitorDisabledNoQuota, Assert.Single(outcome.Error!.Errors).Type);
        Assert.Equal(new BillingOutcome(BillingOutcomeKind.RateLimited, "over_quota"), outcome.Billing);
        Assert.Equal(MonitorStatus.Disabled, h.Monitor.Status);
        Assert.Empty(h.State!.Environments);
    }

    [Fact]
    public void R35_SeatAssigned_ChecksInNormally()
    {
        var quota = new FakeQuota { Permit = QuotaPermit.AcceptedForUpsert };
        var h = new Harness(quota: quota);
        Assert.Equal(CheckInOutcomeKind.Applied, h.Send(T0, CheckIn("ok", config: EveryMinute)).Kind);
        Assert.Equal(1, quota.SeatsAssigned);
    }

    [Fact]
    public void R38_DisabledMonitor_RejectsCheckIns()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: EveryMinute));
        h.State = h.Engine.Configure(h.State, new MonitorConfigRequest { ProjectId = 1, Slug = "my-job", Status = "disabled" }, T0).State;

        var outcome = h.Send(T0.AddMinutes(1), CheckIn("ok"));
        Assert.Equal(ProcessingErrorType.MonitorDisabled, Assert.Single(outcome.Error!.Errors).Type);
        Assert.Equal(new BillingOutcome(BillingOutcomeKind.Filtered, "monitor_disabled"), outcome.Billing);
        Assert.Single(h.Env().CheckIns);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("line\nbreak")]
    [InlineData("this-environment-name-is-far-too-long-for-sentry-to-accept-it-ok?")]
    public void R39_R43_InvalidEnvironmentName_IsRejected(string name)
    {
        var h = new Harness();
        var outcome = h.Send(T0, CheckIn("ok", config: EveryMinute, environment: name));

        var error = Assert.Single(outcome.Error!.Errors);
        Assert.Equal(ProcessingErrorType.MonitorInvalidEnvironment, error.Type);
        Assert.Equal("Environment name too long", error.Reason);

        // The monitor upserted before the failing step stays (DESIGN "Two fine points").
        Assert.True(h.State!.Exists);
        Assert.Empty(h.State.Environments);
    }

    [Fact]
    public void R39_EnvironmentLimit_RejectsNewEnvironmentOnly()
    {
        var h = new Harness(new EngineOptions { MaxEnvironmentsPerMonitor = 2 });
        h.Send(T0, CheckIn("ok", config: EveryMinute, environment: "a"));
        h.Send(T0, CheckIn("ok", environment: "b"));
        var third = h.Send(T0, CheckIn("ok", environment: "c"));

        var error = Assert.Single(third.Error!.Errors);
        Assert.Equal(ProcessingErrorType.MonitorEnvironmentLimitExceeded, error.Type);
        Assert.Equal("You may not exceed 2 environments per monitor", error.Reason);
        Assert.Equal(CheckInOutcomeKind.Applied, h.Send(T0.AddSeconds(5), CheckIn("ok", environment: "a")).Kind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void R43_MissingOrEmptyEnvironment_IsProduction(string? environment)
    {
        var h = new Harness();
        var payload = CheckIn("ok", config: EveryMinute);
        payload["environment"] = environment;
        h.Send(T0, payload);

        Assert.Equal("production", Assert.Single(h.State!.Environments).Name);
    }

    [Fact]
    public void R44_NewEnvironment_StartsActiveAndFirstOkTurnsItOk()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("in_progress", config: EveryMinute));
        Assert.Equal(EnvironmentStatus.Active, h.Env().Status);

        h.Send(T0.AddSeconds(5), CheckIn("ok"));
        Assert.Equal(EnvironmentStatus.Ok, h.Env().Status);
    }

    [Fact]
    public void R40_RejectedCheckIn_LeavesStateExactlyAsBefore()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: EveryMinute));
        var before = h.State!;

        h.Send(T0.AddSeconds(1), CheckIn("done"));

        var after = h.State!;
        Assert.Equal(before.Environments[0], after.Environments[0]);
        Assert.Equal(before.Monitor, after.Monitor);
        Assert.Single(after.ProcessingErrors);
    }

    [Fact]
    public void R29_QuotaServiceFailure_EscapesSoTheTurnIsRetried()
    {
        var h = new Harness(quota: new FakeQuota { Failure = new InvalidOperationException("quota service down") });
        var input = h.Input(T0, CheckIn("ok", config: EveryMinute));

        var ex = Assert.Throws<QuotaPolicyException>(() => h.Engine.Apply(null, [input]));
        Assert.IsType<InvalidOperationException>(ex.InnerException);
    }

    [Fact]
    public void TwoFinePoints_NewEnvironmentStaysWhenTheCheckInIsRejectedLater()
    {
        var h = new Harness();
        const string Id = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
        h.Send(T0, CheckIn("in_progress", id: Id, config: EveryMinute));

        var outcome = h.Send(T0.AddSeconds(5), CheckIn("ok", id: Id, environment: "staging"));

        Assert.Equal(CheckInOutcomeKind.Rejected, outcome.Kind);
        var staging = h.Env("staging");
        Assert.NotNull(staging);
        Assert.Empty(staging.CheckIns);
        Assert.Equal(EnvironmentStatus.Active, staging.Status);
        Assert.Null(staging.NextCheckIn);
    }

    [Fact]
    public void TwoFinePoints_UpsertedConfigStaysWhenTheCheckInIsRejectedLater()
    {
        var h = new Harness();
        const string Id = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
        h.Send(T0, CheckIn("ok", id: Id, config: EveryMinute));

        var outcome = h.Send(T0.AddSeconds(5), CheckIn("ok", id: Id, config: new { schedule = "0 * * * *", schedule_type = "crontab" }));

        Assert.Equal(ProcessingErrorType.CheckInFinished, Assert.Single(outcome.Error!.Errors).Type);
        Assert.Equal("0 * * * *", h.Monitor.Config.Crontab);
        Assert.Single(h.Env().CheckIns);
    }
}
