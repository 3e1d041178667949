using System.Text.Json;
using CheckIns.Domain.Model;
using CsCheck;

namespace CheckIns.Domain.Tests.Properties;

/// <summary>Invariants that hold for any history of check-ins, redeliveries and ticks.</summary>
public sealed class InvariantTests
{
    private static readonly DateTimeOffset Start = At("2024-03-09T23:00:00Z");

    [Fact]
    public void Invariants_HoldForRandomHistories() =>
        Step.Gen.Array[1, 60].Sample(Run, iter: 400);

    private static void Run(Step[] steps)
    {
        var h = new Harness(new EngineOptions { RateLimitPerMinute = 4, RecentCheckInsPerEnvironment = 6 });
        var sent = new List<CheckInInput>();
        var clock = Start;
        var effectIds = new HashSet<string>(StringComparer.Ordinal);
        var first = true;

        foreach (var step in steps)
        {
            var before = h.State;
            clock = clock.AddSeconds(step.DeltaSeconds);
            TurnResult result;
            if (step.IsTick)
            {
                if (before is null)
                {
                    continue;
                }

                result = h.Engine.Tick(before, clock);
            }
            else if (step.IsRedelivery && sent.Count > 0)
            {
                var again = sent[step.Pick % sent.Count];
                result = h.Engine.Apply(before, [again]);

                // Re-applying a message is a no-op.
                Assert.Equal(CheckInOutcomeKind.Duplicate, Assert.Single(result.Outcomes).Kind);
                Assert.Same(before, result.State);
                Assert.Empty(result.Effects);
            }
            else
            {
                var input = h.Input(clock, step.Payload(first));
                first = false;
                sent.Add(input);
                result = h.Engine.Apply(before, [input]);
                var outcome = Assert.Single(result.Outcomes);
                if (outcome.Kind == CheckInOutcomeKind.Rejected)
                {
                    AssertRejectionKeptCheckIns(before, result.State!, outcome);
                }
            }

            h.State = result.State;
            foreach (var effect in result.Effects)
            {
                Assert.True(effectIds.Add(effect.EffectId), $"effect id {effect.EffectId} repeated");
            }

            AssertInvariants(before, h.State!);
        }

        if (h.State is not null)
        {
            AssertRoundTrips(h.State);
        }
    }

    private static void AssertInvariants(MonitorState? before, MonitorState after)
    {
        // Bounded state, whatever the traffic.
        Assert.True(after.AppliedMessageIds.Count <= EngineOptions.Default.AppliedMessageIdWindow);
        Assert.True(after.ProcessingErrors.Count <= 10);
        Assert.True(after.RateWindows.Count <= 2 * 4, $"{after.RateWindows.Count} rate windows");
        Assert.All(after.Environments, e => Assert.True(e.CheckIns.Count <= 6, $"{e.CheckIns.Count} check-ins kept"));
        Assert.All(after.Environments, e => Assert.True(e.ResolvedIncidents.Count <= 10));

        foreach (var env in after.Environments)
        {
            // Never two active incidents: ERROR exactly when one incident is active.
            Assert.Equal(env.Status == EnvironmentStatus.Error, env.ActiveIncident is not null);
            Assert.All(env.ResolvedIncidents, i => Assert.NotNull(i.ResolvingCheckInId));
            var ids = env.ResolvedIncidents.Select(i => i.Id).Append(env.ActiveIncident?.Id).OfType<string>().ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());

            if (env.NextCheckIn is { } next)
            {
                Assert.True(env.NextCheckInLatest >= next, "next_checkin_latest < next_checkin");
            }

            Assert.True(env.CheckIns.Zip(env.CheckIns.Skip(1)).All(p => p.First.DateAdded <= p.Second.DateAdded), "check-ins out of order");

            // An older check-in never moves last_checkin backwards.
            if (before?.FindEnvironment(env.Name) is { LastCheckIn: { } previous })
            {
                Assert.True(env.LastCheckIn >= previous, $"last_checkin moved back from {previous:o} to {env.LastCheckIn:o}");
            }
        }
    }

    /// <summary>A rejected check-in leaves every existing environment's check-ins, incidents and times as they were.</summary>
    private static void AssertRejectionKeptCheckIns(MonitorState? before, MonitorState after, CheckInOutcome outcome)
    {
        Assert.NotNull(outcome.Error);
        Assert.NotEmpty(outcome.Error!.Errors);
        Assert.Contains(after.ProcessingErrors, e => e.MessageId == outcome.MessageId);
        foreach (var env in before?.Environments ?? [])
        {
            Assert.Same(env, after.FindEnvironment(env.Name));
        }
    }

    private static readonly JsonSerializerOptions[] s_options = [JsonSerializerOptions.Default, JsonSerializerOptions.Web];

    private static void AssertRoundTrips(MonitorState state)
    {
        foreach (var options in s_options)
        {
            var json = JsonSerializer.Serialize(state, options);
            var back = JsonSerializer.Deserialize<MonitorState>(json, options)!;
            Assert.Equal(json, JsonSerializer.Serialize(back, options));
            Assert.Equal(MonitorEngine.NextWakeUp(state), MonitorEngine.NextWakeUp(back));
        }
    }

    [Fact]
    public void Determinism_SameHistoryGivesSameStateAndEffects() =>
        Step.Gen.Array[1, 40].Sample(steps =>
        {
            // Random GUID choices (5, 6) are replaced so that both runs see identical input.
            var fixedSteps = steps.Select(s => s.Guid is 5 or 6 ? s with { Guid = 1 } : s).ToArray();
            var a = Replay(fixedSteps);
            var b = Replay(fixedSteps);
            Assert.Equal(JsonSerializer.Serialize(a.State), JsonSerializer.Serialize(b.State));
            Assert.Equal(a.Effects.Select(e => e.EffectId), b.Effects.Select(e => e.EffectId));
        }, iter: 100);

    private static Harness Replay(Step[] steps)
    {
        // A new environment's ping UUID is the engine's one random input, injected like the clock: both runs draw the same.
        var drawn = 0;
        var h = new Harness(EngineOptions.Default with { NewPingUuid = () => new Guid(++drawn, 0, 0, [0, 0, 0, 0, 0, 0, 0, 1]) });
        var clock = Start;
        var first = true;
        foreach (var step in steps)
        {
            clock = clock.AddSeconds(step.DeltaSeconds);
            if (step.IsTick)
            {
                if (h.State is not null)
                {
                    h.Tick(clock);
                }
            }
            else
            {
                h.Send(clock, step.Payload(first));
                first = false;
            }
        }

        return h;
    }
}
