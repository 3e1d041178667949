using CheckIns.Contracts;
using CheckIns.Domain.Config;
using CheckIns.Domain.Errors;
using CheckIns.Domain.Model;

namespace CheckIns.Domain.Tests.Config;

/// <summary>The monitor API path: create, edit, mute, disable (R103, R111, R114, D16).</summary>
public sealed class ConfigureTests
{
    private static readonly DateTimeOffset T0 = At("2024-01-01T10:00:30Z");

    private static MonitorConfigRequest Request(object? config = null, string? name = null, string? status = null, string? owner = null, bool? muted = null) =>
        new() { ProjectId = 1, OrganizationId = 10, Slug = "my-job", Config = config is null ? null : Json(config), Name = name, Status = status, Owner = owner, IsMuted = muted };

    [Fact]
    public void Create_WithValidConfig()
    {
        var engine = new MonitorEngine();
        var result = engine.Configure(null, Request(new { schedule = "0 * * * *", schedule_type = "crontab" }, name: "Nightly"), T0);

        Assert.Null(result.ConfigError);
        var monitor = result.State!.Monitor!;
        Assert.Equal("Nightly", monitor.Name);
        Assert.Equal(MonitorStatus.Active, monitor.Status);
        Assert.Equal(DeterministicIds.MonitorGuid(1, "my-job"), monitor.Guid);
        Assert.Equal(T0, monitor.DateAdded);
    }

    [Fact]
    public void R111_ApiPath_RejectsOutOfRangeInsteadOfClamping()
    {
        var engine = new MonitorEngine();
        var result = engine.Configure(null, Request(new { schedule = "0 * * * *", schedule_type = "crontab", max_runtime = 50_000 }), T0);

        Assert.Null(result.State);
        Assert.Equal(ProcessingErrorType.MonitorInvalidConfig, result.ConfigError!.Type);
        Assert.Equal(["Ensure this value is less than or equal to 40320."], result.ConfigError.Errors!["max_runtime"]);
    }

    [Fact]
    public void R114_NameStatusOwnerAndConfigRequired_AreValidated()
    {
        var engine = new MonitorEngine();
        var result = engine.Configure(null, Request(name: new string('n', 129), status: "paused", owner: "nobody"), T0);

        var errors = result.ConfigError!.Errors!;
        Assert.Equal(new[] { "config", "name", "owner", "status" }, errors.Keys.Order());
    }

    [Fact]
    public void Edit_PartialConfigKeepsSchedule_InvalidEditChangesNothing()
    {
        var engine = new MonitorEngine();
        var state = engine.Configure(null, Request(new { schedule = "0 * * * *", schedule_type = "crontab" }), T0).State;
        var edited = engine.Configure(state, Request(new { checkin_margin = 10 }), T0).State!;
        Assert.Equal(("0 * * * *", 10), (edited.Monitor!.Config.Crontab, edited.Monitor.Config.CheckInMargin!.Value));

        var refused = engine.Configure(edited, Request(new { schedule = "nope", schedule_type = "crontab" }), T0);
        Assert.Same(edited, refused.State);
        Assert.NotNull(refused.ConfigError);
    }

    [Fact]
    public void R103_DisableReleasesSeat_EnableNeedsSeat()
    {
        var quota = new FakeQuota();
        var engine = new MonitorEngine(quota: quota);
        var state = engine.Configure(null, Request(new { schedule = "0 * * * *", schedule_type = "crontab" }), T0).State;
        state = engine.Configure(state, Request(status: "disabled"), T0).State!;
        Assert.Equal(MonitorStatus.Disabled, state.Monitor!.Status);
        Assert.Equal(1, quota.SeatsReleased);

        quota.Seat = false;
        var refused = engine.Configure(state, Request(status: "active"), T0);
        Assert.Equal(ProcessingErrorType.MonitorDisabledNoQuota, refused.ConfigError!.Type);
        Assert.Same(state, refused.State);

        quota.Seat = true;
        Assert.Equal(MonitorStatus.Active, engine.Configure(state, Request(status: "active"), T0).State!.Monitor!.Status);
    }

    [Fact]
    public void R14_MonitorLimit_RefusesCreation()
    {
        var engine = new MonitorEngine(new EngineOptions { MaxMonitorsPerOrganization = 5 }, new FakeQuota { CanCreate = false });
        var result = engine.Configure(null, Request(new { schedule = "0 * * * *", schedule_type = "crontab" }), T0);

        Assert.Equal("You may not exceed 5 monitors per organization", result.ConfigError!.Reason);
        Assert.Null(result.State);
    }

    [Fact]
    public void Owner_EmptyStringClears()
    {
        var engine = new MonitorEngine();
        var state = engine.Configure(null, Request(new { schedule = "0 * * * *", schedule_type = "crontab" }, owner: "user:1"), T0).State;
        Assert.Equal("user:1", state!.Monitor!.Owner);
        Assert.Null(engine.Configure(state, Request(owner: ""), T0).State!.Monitor!.Owner);
    }
}
