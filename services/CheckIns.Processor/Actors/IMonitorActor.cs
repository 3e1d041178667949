using CheckIns.Domain;
using Dapr.Actors;

namespace CheckIns.Processor.Actors;

/// <summary>One monitor (project, normalised slug); the actor id is the monitor key "{project_id}:{slug}".</summary>
public interface IMonitorActor : IActor
{
    /// <summary>Applies a group of check-ins in arrival order as one turn; throws when the turn did not commit.</summary>
    Task<TurnReport> ApplyAsync(CheckInBatch batch);

    /// <summary>Creates or edits the monitor from the API.</summary>
    Task<ConfigureReply> ConfigureAsync(MonitorConfigRequest request);

    /// <summary>Mutes or disables one environment from the API; the reply's state is null only when the monitor does not exist.</summary>
    Task<ConfigureReply> ConfigureEnvironmentAsync(EnvironmentConfigRequest request);

    /// <summary>Read only: the monitor's state as of the last committed turn, or null when nothing was ever recorded.</summary>
    Task<MonitorState?> GetAsync();
}

/// <summary>The result of a configure turn: the new state, or the error that refused the request.</summary>
public sealed record ConfigureReply(MonitorState? State, bool Created, ProcessingError? Error);
