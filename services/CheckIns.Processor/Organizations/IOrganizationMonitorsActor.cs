using Dapr.Actors;

namespace CheckIns.Processor.Organizations;

/// <summary>
/// The monitors of one organisation (actor id = organisation id), counted for the R14 limit. A turn-based actor
/// serialises the reservations of monitors created at the same time, so the count never drifts.
/// </summary>
public interface IOrganizationMonitorsActor : IActor
{
    /// <summary>Reserves a seat for the monitor; true when it holds one (already, or now), false at the limit.</summary>
    Task<bool> TryReserveAsync(SeatRequest request);

    /// <summary>Gives back the seat of a monitor that was not created after all; releasing none changes nothing.</summary>
    Task ReleaseAsync(string monitorKey);

    /// <summary>Read only: the monitor keys holding a seat, in ordinal order.</summary>
    Task<IReadOnlyList<string>> ListAsync();
}

/// <summary>A reservation for the monitor "{project_id}:{slug}" under the organisation's current limit.</summary>
public sealed record SeatRequest(string MonitorKey, int Limit);
