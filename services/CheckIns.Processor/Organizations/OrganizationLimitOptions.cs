namespace CheckIns.Processor.Organizations;

/// <summary>
/// Per-organisation limits, bound from the "Processor" section's "Organizations", e.g. <c>Processor:Organizations:7:MonitorLimit = 20</c>.
/// An organisation without an entry has the engine's <c>MaxMonitorsPerOrganization</c> (R8: 10 000).
/// </summary>
public sealed class OrganizationLimitOptions
{
    /// <summary>Keyed by organisation id.</summary>
    public Dictionary<string, OrganizationLimits> Organizations { get; } = new(StringComparer.Ordinal);
}

public sealed class OrganizationLimits
{
    /// <summary>R14 MAX_MONITORS_PER_ORG for this organisation.</summary>
    public int? MonitorLimit { get; set; }
}
