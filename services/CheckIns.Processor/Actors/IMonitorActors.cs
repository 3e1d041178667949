using CheckIns.Domain.Config;
using CheckIns.Domain.Model;

namespace CheckIns.Processor.Actors;

/// <summary>What the API asks of monitor actors: a consistent read, and a configure turn.</summary>
public interface IMonitorActors
{
    Task<MonitorState?> GetAsync(string monitorKey, CancellationToken cancellationToken);

    Task<ConfigureReply> ConfigureAsync(string monitorKey, MonitorConfigRequest request, CancellationToken cancellationToken);

    Task<ConfigureReply> ConfigureEnvironmentAsync(string monitorKey, EnvironmentConfigRequest request, CancellationToken cancellationToken);
}
