namespace DaprEmulator.Resources;

/// <summary>A retry policy from <c>kind: Resiliency</c> (DAPR.md §4.3).</summary>
public sealed record RetryPolicySpec(string Policy, TimeSpan Duration, TimeSpan MaxInterval, int MaxRetries)
{
    /// <summary>Delay before retry number <paramref name="attempt"/> (1-based); exponential back-off without jitter, so tests are deterministic.</summary>
    public TimeSpan DelayFor(int attempt)
    {
        if (!string.Equals(Policy, "exponential", StringComparison.OrdinalIgnoreCase))
        {
            return Duration;
        }

        var ms = Duration.TotalMilliseconds * Math.Pow(1.5, Math.Max(0, attempt - 1));
        return TimeSpan.FromMilliseconds(Math.Min(ms, MaxInterval.TotalMilliseconds));
    }

    /// <summary>True when retry number <paramref name="attempt"/> is still allowed (-1 retries forever).</summary>
    public bool Allows(int attempt) => MaxRetries < 0 || attempt <= MaxRetries;
}

/// <summary>The parts of a resiliency document the emulator applies: retries on pub/sub inbound delivery.</summary>
public sealed record ResiliencyResource(
    string Name,
    IReadOnlyDictionary<string, RetryPolicySpec> Retries,
    IReadOnlyDictionary<string, string> ComponentInboundRetry,
    IReadOnlyList<string> Scopes)
{
    public bool InScope(string appId) => Scopes.Count == 0 || Scopes.Contains(appId);
}
