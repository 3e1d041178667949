using CheckIns.Contracts;

namespace CheckIns.Processor.Actors;

/// <summary>Runs one monitor turn for a group of check-ins; throws when the turn did not commit.</summary>
public interface IMonitorTurns
{
    Task<TurnReport> ApplyAsync(string monitorKey, IReadOnlyList<CheckInMessage> messages, CancellationToken cancellationToken);
}
