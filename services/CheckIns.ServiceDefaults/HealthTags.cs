namespace CheckIns.ServiceDefaults;

/// <summary>Tags that decide which health endpoint runs a check.</summary>
public static class HealthTags
{
    /// <summary>Checks on <c>/healthz</c>: is the process alive? Nothing external belongs here.</summary>
    public const string Live = "live";

    /// <summary>Checks on <c>/readyz</c>: can the app do useful work now (sidecar reachable, stores loaded)?</summary>
    public const string Ready = "ready";
}
