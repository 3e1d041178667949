namespace CheckIns.Domain.Model;

/// <summary>
/// Per monitor-environment rate-limit counter for one ingest-time minute (SEMANTICS R28, D8).
/// Keyed by the resolved environment name, not the raw one (Q2 fixed).
/// </summary>
public sealed record RateWindow(string Environment, DateTimeOffset Minute, int Count);
