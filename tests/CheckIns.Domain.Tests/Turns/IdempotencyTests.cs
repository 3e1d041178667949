using CheckIns.Domain.Model;

namespace CheckIns.Domain.Tests.Turns;

/// <summary>At-least-once delivery: an applied message id changes nothing when it comes again.</summary>
public sealed class IdempotencyTests
{
    private static readonly DateTimeOffset T0 = At("2024-01-01T10:00:30Z");

    [Fact]
    public void Redelivery_InLaterTurn_IsDuplicateAndChangesNothing()
    {
        var h = new Harness();
        var input = h.Input(T0, CheckIn("error", config: EveryMinute), "msg-1");
        h.SendAll(input);
        var state = h.State;
        var effects = h.Effects.Count;

        var again = h.Engine.Apply(state, [input]);
        Assert.Equal(CheckInOutcomeKind.Duplicate, Assert.Single(again.Outcomes).Kind);
        Assert.Same(state, again.State);
        Assert.Empty(again.Effects);
        Assert.Equal(effects, h.Effects.Count);
    }

    [Fact]
    public void Redelivery_WithinOneGroup_IsDuplicate()
    {
        var h = new Harness();
        var input = h.Input(T0, CheckIn("ok", config: EveryMinute), "msg-1");
        var outcomes = h.SendAll(input, input);

        Assert.Equal([CheckInOutcomeKind.Applied, CheckInOutcomeKind.Duplicate], outcomes.Select(o => o.Kind));
        Assert.Single(h.Env().CheckIns);
    }

    [Fact]
    public void RejectedMessage_Redelivered_IsNotRecordedTwice()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: EveryMinute));
        var bad = h.Input(T0, CheckIn("done"), "bad");
        h.SendAll(bad);
        h.SendAll(bad);

        Assert.Single(h.State!.ProcessingErrors);
    }

    [Fact]
    public void ReRunningATurn_ProducesTheSameStateAndEffectIds()
    {
        var build = () =>
        {
            var h = new Harness();
            h.SendAll(
                h.Input(T0, CheckIn("in_progress", id: "00000000-0000-0000-0000-000000000000", config: EveryMinute), "a"),
                h.Input(T0.AddSeconds(5), CheckIn("error", id: "00000000-0000-0000-0000-000000000000"), "b"));
            return h;
        };

        var first = build();
        var second = build();
        Assert.Equal(first.Effects.Select(e => e.EffectId), second.Effects.Select(e => e.EffectId));
        Assert.Equal(first.Monitor.Guid, second.Monitor.Guid);
        Assert.Equal(first.Env().ActiveIncident, second.Env().ActiveIncident);
        Assert.Equal(first.Env().CheckIns.Select(c => c.Id), second.Env().CheckIns.Select(c => c.Id));
    }

    [Fact]
    public void Bounds_AppliedIdsAreBounded()
    {
        var h = new Harness(new EngineOptions { AppliedMessageIdWindow = 8, RateLimitPerMinute = 1000 });
        h.Send(T0, CheckIn("ok", config: EveryMinute));
        for (var i = 0; i < 20; i++)
        {
            h.Send(T0.AddSeconds(i), CheckIn("ok"));
        }

        Assert.Equal(8, h.State!.AppliedMessageIds.Count);
    }

    [Fact]
    public void GroupOfCheckIns_EachIsItsOwnTransaction()
    {
        var h = new Harness();
        var outcomes = h.SendAll(
            h.Input(T0, CheckIn("ok", config: EveryMinute)),
            h.Input(T0.AddSeconds(1), CheckIn("done")),
            h.Input(T0.AddSeconds(2), CheckIn("error")));

        Assert.Equal(
            [CheckInOutcomeKind.Applied, CheckInOutcomeKind.Rejected, CheckInOutcomeKind.Applied],
            outcomes.Select(o => o.Kind));
        Assert.Equal(2, h.Env().CheckIns.Count);
        Assert.Equal(EnvironmentStatus.Error, h.Env().Status);
    }
}
