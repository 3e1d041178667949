namespace CheckIns.Ingest.Parsing;

/// <summary>Values of <see cref="Contracts.CheckInMessage.Source"/>: which route accepted a check-in.</summary>
public static class CheckInSources
{
    public const string Native = "native";
    public const string Envelope = "envelope";
    public const string Cron = "cron";
    public const string Ping = "ping";
    public const string Cronitor = "cronitor";
    public const string Legacy = "legacy";
}

/// <summary>
/// What the route knows about a check-in besides its JSON: who sent it and through which door, and whether the
/// monitor_config the route wrote only creates (<see cref="Contracts.CheckInMessage.MonitorConfigCreateOnly"/>).
/// </summary>
public sealed record CheckInOrigin(long ProjectId, long? OrganizationId, string Source, string? Sdk, bool MonitorConfigCreateOnly = false);
