using Dapr.Actors.Runtime;

namespace CheckIns.Processor.Organizations;

/// <summary>
/// Keeps the set of an organisation's monitor keys. A set, not a counter: a monitor turn that reserved a seat and
/// then failed is retried and reserves the same seat again, so a retry never counts a monitor twice.
/// </summary>
public sealed class OrganizationMonitorsActor(ActorHost host) : Actor(host), IOrganizationMonitorsActor
{
    private const string MonitorsKey = "monitors";

    public async Task<bool> TryReserveAsync(SeatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.MonitorKey);
        var monitors = await LoadAsync();
        var at = monitors.BinarySearch(request.MonitorKey, StringComparer.Ordinal);
        if (at >= 0)
        {
            return true;
        }

        // R14: creating a monitor when the organisation already has the limit fails.
        if (monitors.Count >= request.Limit)
        {
            return false;
        }

        monitors.Insert(~at, request.MonitorKey);
        await StateManager.SetStateAsync(MonitorsKey, monitors);
        return true;
    }

    public async Task ReleaseAsync(string monitorKey)
    {
        var monitors = await LoadAsync();
        var at = monitors.BinarySearch(monitorKey, StringComparer.Ordinal);
        if (at >= 0)
        {
            monitors.RemoveAt(at);
            await StateManager.SetStateAsync(MonitorsKey, monitors);
        }
    }

    public async Task<IReadOnlyList<string>> ListAsync() => await LoadAsync();

    private async Task<List<string>> LoadAsync()
    {
        var stored = await StateManager.TryGetStateAsync<List<string>>(MonitorsKey);
        return stored.HasValue ? [.. stored.Value] : [];
    }
}
