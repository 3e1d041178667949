using CheckIns.Contracts;
using CheckIns.Domain.Config;
using CheckIns.Domain.Errors;
using CheckIns.Domain.Model;
using Dapr.Actors;

namespace CheckIns.Processor.Actors;

/// <summary>One monitor (project, normalised slug); the actor id is the monitor key "{project_id}:{slug}".</summary>
public interface IMonitorActor : IActor
{
    /// <summary>Applies one check-in as one turn; a repeat of its message id answers the stored reply. Throws when the turn did not commit.</summary>
    Task<OperationReply> ApplyAsync(CheckInMessage message);

    /// <summary>The timeout of one running check-in came due (stale-timeout guard inside).</summary>
    Task<OperationReply> TimeOutAsync(TimeoutRequest request);

    /// <summary>Missed detection for a wake-up.</summary>
    Task<OperationReply> TickAsync(TickRequest request);

    /// <summary>The operation's events were published: its kept reply forgets them, so a rerun publishes nothing twice.</summary>
    Task AcknowledgeAsync(string operationId);

    /// <summary>Creates or edits the monitor from the API.</summary>
    Task<ConfigureReply> ConfigureAsync(MonitorConfigRequest request);

    /// <summary>Mutes or disables one environment from the API; the reply's state is null only when the monitor does not exist.</summary>
    Task<ConfigureReply> ConfigureEnvironmentAsync(EnvironmentConfigRequest request);

    /// <summary>Read only: the monitor's state as of the last committed turn, or null when nothing was ever recorded.</summary>
    Task<MonitorState?> GetAsync();
}
