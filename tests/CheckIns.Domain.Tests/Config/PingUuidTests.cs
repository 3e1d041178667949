using CheckIns.Domain.Config;
using CheckIns.Domain.Errors;
using CheckIns.Domain.Model;

namespace CheckIns.Domain.Tests.Config;

/// <summary>
/// Healthchecks ping UUIDs: drawn once from the injected source when an environment is created (by a check-in or the
/// API), kept across redeliveries, replaceable, and a ping body kept on the check-in it wrote.
/// </summary>
public sealed class PingUuidTests
{
    private static readonly DateTimeOffset T0 = At("2024-01-01T10:00:30Z");

    private readonly Queue<Guid> _drawn = new([Guid.Parse("11111111-1111-4111-8111-111111111111"), Guid.Parse("22222222-2222-4222-8222-222222222222")]);

    private EngineOptions Options => EngineOptions.Default with { NewPingUuid = _drawn.Dequeue };

    [Fact]
    public void A_new_environment_draws_one_uuid_and_a_redelivered_check_in_keeps_it()
    {
        var h = new Harness(Options);
        var input = h.Input(T0, CheckIn("in_progress", config: EveryMinute), "msg-1");
        h.SendAll(input);
        h.Send(T0.AddSeconds(10), CheckIn("ok", environment: "production"));
        h.SendAll(input);

        Assert.Equal(Guid.Parse("11111111-1111-4111-8111-111111111111"), h.Env().PingUuid);
        Assert.Equal(MonitorEnvironment.PingMethodsAny, h.Env().PingMethods);
        Assert.Single(_drawn);
    }

    [Fact]
    public void The_api_replaces_the_uuid_sets_post_only_and_refuses_the_nil_uuid_and_other_methods()
    {
        var h = new Harness(Options);
        h.Send(T0, CheckIn("ok", config: EveryMinute));
        var replacement = Guid.NewGuid();

        h.State = h.Engine.ConfigureEnvironment(h.State, Request(r => r with { PingUuid = replacement, PingMethods = "POST" }), T0).State;
        var nil = h.Engine.ConfigureEnvironment(h.State, Request(r => r with { PingUuid = Guid.Empty }), T0);
        var get = h.Engine.ConfigureEnvironment(h.State, Request(r => r with { PingMethods = "GET" }), T0);

        Assert.Equal(replacement, h.Env().PingUuid);
        Assert.Equal(MonitorEnvironment.PingMethodsPost, h.Env().PingMethods);
        Assert.Contains("ping_uuid", nil.ConfigError!.Errors!.Keys);
        Assert.Contains("ping_methods", get.ConfigError!.Errors!.Keys);
    }

    [Fact]
    public void The_api_creates_an_environment_with_its_uuid_only_when_asked_and_gives_an_old_one_its_uuid_on_edit()
    {
        var h = new Harness(Options);
        h.Send(T0, CheckIn("ok", config: EveryMinute));

        var missing = h.Engine.ConfigureEnvironment(h.State, Request(r => r with { Environment = "staging" }), T0);
        var created = h.Engine.ConfigureEnvironment(h.State, Request(r => r with { Environment = "staging", Create = true }), T0);
        var tooLong = h.Engine.ConfigureEnvironment(h.State, Request(r => r with { Environment = new string('e', 65), Create = true }), T0);

        Assert.Equal(ProcessingErrorType.MonitorInvalidEnvironment, missing.ConfigError!.Type);
        var staging = created.State!.FindEnvironment("staging")!;
        Assert.Equal(Guid.Parse("22222222-2222-4222-8222-222222222222"), staging.PingUuid);
        Assert.Equal(EnvironmentStatus.Active, staging.Status);
        Assert.Null(staging.NextCheckIn);
        Assert.Contains("environment", tooLong.ConfigError!.Errors!.Keys);

        // A state stored before ping UUIDs existed: its first edit draws one.
        var old = created.State with { Environments = [.. created.State.Environments.Select(e => e with { PingUuid = null })] };
        _drawn.Enqueue(Guid.Parse("33333333-3333-4333-8333-333333333333"));
        var edited = h.Engine.ConfigureEnvironment(old, Request(r => r), T0);
        Assert.Equal(Guid.Parse("33333333-3333-4333-8333-333333333333"), edited.State!.FindEnvironment("production")!.PingUuid);
    }

    [Fact]
    public void A_ping_body_stays_on_its_check_in_and_a_closing_ping_without_one_keeps_the_starts()
    {
        var h = new Harness(Options);
        var id = NewGuid(1);
        h.SendAll(h.Input(T0, CheckIn("in_progress", id, EveryMinute)) with { Body = "starting" });
        h.Send(T0.AddSeconds(5), CheckIn("ok", id));
        var second = NewGuid(2);
        h.SendAll(h.Input(T0.AddMinutes(1), CheckIn("in_progress", second)) with { Body = "starting" });
        h.SendAll(h.Input(T0.AddMinutes(2), CheckIn("error", second)) with { Body = "exit 3" });

        Assert.Equal(["starting", "exit 3"], h.Env().CheckIns.Select(c => c.Body));
    }

    private static EnvironmentConfigRequest Request(Func<EnvironmentConfigRequest, EnvironmentConfigRequest> change) =>
        change(new EnvironmentConfigRequest { ProjectId = 1, Slug = "my-job", Environment = "production" });
}
