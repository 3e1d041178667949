namespace CheckIns.Domain.Tests.Model;

public sealed class EnvironmentOrderTests
{
    private static readonly DateTimeOffset T0 = At("2024-01-01T10:00:30Z");

    [Fact]
    public void R2_ApiOrder_ErrorOkActive_MutedLast()
    {
        var h = new Harness(new EngineOptions { RateLimitPerMinute = 100 });
        h.Send(T0, CheckIn("in_progress", config: EveryMinute, environment: "active"));
        h.Send(T0, CheckIn("ok", environment: "ok"));
        h.Send(T0, CheckIn("error", environment: "error"));
        h.Send(T0, CheckIn("error", environment: "muted"));
        var state = h.State!;
        state = state with
        {
            Environments = [.. state.Environments.Select(e => e.Name == "muted" ? e with { IsMuted = true } : e)],
        };

        Assert.Equal(["error", "ok", "active", "muted"], state.OrderedEnvironments().Select(e => e.Name));
    }
}
