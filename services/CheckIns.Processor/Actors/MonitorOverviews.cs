using CheckIns.Domain.Model;

namespace CheckIns.Processor.Actors;

/// <summary>Builds a monitor's <see cref="MonitorOverviewEntry"/> and says, without building it, whether a turn changed it.</summary>
public static class MonitorOverviews
{
    /// <summary>The entry of a monitor that exists, its environments in the API's order (R2).</summary>
    public static MonitorOverviewEntry Of(MonitorState state, MonitorDefinition monitor)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(monitor);
        return new MonitorOverviewEntry(
            state.Slug,
            monitor.Name,
            StatusNames.Of(monitor.Status),
            monitor.IsMuted,
            [.. state.OrderedEnvironments().Select(e => new EnvironmentOverviewEntry(
                e.Name,
                StatusNames.Of(e.Status),
                e.IsMuted || monitor.IsMuted,
                e.ActiveIncident is not null))]);
    }

    /// <summary>
    /// True when the entry of <paramref name="after"/> differs from that of <paramref name="before"/>. Called on every
    /// turn, so it compares the fields in place: a plain check-in (same status, no new environment) allocates nothing.
    /// </summary>
    public static bool Changed(MonitorState? before, MonitorState? after)
    {
        if (ReferenceEquals(before, after))
        {
            return false;
        }

        if (after?.Monitor is not { } now)
        {
            return false;
        }

        if (before?.Monitor is not { } was
            || !string.Equals(was.Name, now.Name, StringComparison.Ordinal)
            || was.Status != now.Status
            || was.IsMuted != now.IsMuted
            || before.Environments.Count != after.Environments.Count)
        {
            return true;
        }

        for (var i = 0; i < after.Environments.Count; i++)
        {
            var (b, a) = (before.Environments[i], after.Environments[i]);
            if (!string.Equals(b.Name, a.Name, StringComparison.Ordinal)
                || b.Status != a.Status
                || b.IsMuted != a.IsMuted
                || (b.ActiveIncident is null) != (a.ActiveIncident is null))
            {
                return true;
            }
        }

        return false;
    }
}
