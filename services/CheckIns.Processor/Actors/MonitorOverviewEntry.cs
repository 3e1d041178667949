namespace CheckIns.Processor.Actors;

/// <summary>
/// What the project overview sorts and filters a monitor by, kept in the project index so that a page of a large
/// project is built from one actor call. It holds nothing a plain check-in changes (no times, no counts): the
/// monitor writes it only when its name, status, mute or an environment's status, mute or open incident changes.
/// </summary>
public sealed record MonitorOverviewEntry(
    string Slug,
    string Name,
    string Status,
    bool IsMuted,
    IReadOnlyList<EnvironmentOverviewEntry> Environments)
{
    public bool Equals(MonitorOverviewEntry? other) =>
        other is not null
        && string.Equals(Slug, other.Slug, StringComparison.Ordinal)
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && string.Equals(Status, other.Status, StringComparison.Ordinal)
        && IsMuted == other.IsMuted
        && Environments.SequenceEqual(other.Environments);

    public override int GetHashCode() => HashCode.Combine(Slug, Name, Status, IsMuted, Environments.Count);
}

/// <summary>One environment of a <see cref="MonitorOverviewEntry"/>; <c>IsMuted</c> includes the monitor's mute (D16).</summary>
public sealed record EnvironmentOverviewEntry(string Name, string Status, bool IsMuted, bool HasActiveIncident);
