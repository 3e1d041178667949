using System.Globalization;
using CheckIns.Contracts;
using CheckIns.Domain;
using CheckIns.Domain.Config;
using CheckIns.Domain.Model;
using CheckIns.Domain.Quota;
using Microsoft.Extensions.Options;

namespace CheckIns.Processor.Organizations;

/// <summary>
/// R14, the organisation's monitor limit, around a monitor turn. The engine asks its quota policy synchronously
/// whether it may create a monitor, and one monitor cannot count its organisation's; so before a turn that may
/// create the monitor (none exists yet and a check-in carries monitor_config, or the API sends a config), a seat is
/// reserved in the organisation's actor, and the engine runs with that answer. A seat the turn did not use (the
/// config was invalid, the check-in was refused earlier) is given back. Without an organisation id nothing is counted.
/// </summary>
public sealed class OrganizationMonitorLimit(IOrganizationSeats seats, IQuotaPolicy quota, EngineOptions engineOptions, IOptions<OrganizationLimitOptions> limits)
{
    public int LimitOf(long organizationId) =>
        limits.Value.Organizations.TryGetValue(organizationId.ToString(CultureInfo.InvariantCulture), out var entry) && entry.MonitorLimit is { } limit
            ? limit
            : engineOptions.MaxMonitorsPerOrganization;

    public async Task<TurnResult> ApplyAsync(MonitorEngine engine, MonitorState? state, IReadOnlyList<CheckInInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(inputs);
        var creating = state?.Exists == true ? null : inputs.FirstOrDefault(i => i.OrganizationId is not null && CarriesConfig(i));
        if (creating is null)
        {
            return engine.Apply(state, inputs);
        }

        var key = MonitorKeys.Of(creating.ProjectId, creating.MonitorSlug);
        return await WithSeatAsync(engine, creating.OrganizationId!.Value, key, scoped => scoped.Apply(state, inputs));
    }

    public async Task<TurnResult> ConfigureAsync(MonitorEngine engine, MonitorState? state, MonitorConfigRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(request);
        if (state?.Exists == true || request.Config is null || request.OrganizationId is not { } organizationId)
        {
            return engine.Configure(state, request, now);
        }

        var key = MonitorKeys.Of(request.ProjectId, request.Slug);
        return await WithSeatAsync(engine, organizationId, key, scoped => scoped.Configure(state, request, now));
    }

    private async Task<TurnResult> WithSeatAsync(MonitorEngine engine, long organizationId, string monitorKey, Func<MonitorEngine, TurnResult> run)
    {
        var limit = LimitOf(organizationId);
        var reserved = await seats.TryReserveAsync(organizationId, monitorKey, limit, CancellationToken.None);
        var scoped = new MonitorEngine(engine.Options with { MaxMonitorsPerOrganization = limit }, new ReservedSeatPolicy(quota, reserved));
        var result = run(scoped);
        if (reserved && result.State?.Exists != true)
        {
            await seats.ReleaseAsync(organizationId, monitorKey, CancellationToken.None);
        }

        return result;
    }

    private static bool CarriesConfig(CheckInInput input) =>
        input.Payload.ValueKind == System.Text.Json.JsonValueKind.Object
        && input.Payload.TryGetProperty("monitor_config", out var config)
        && config.ValueKind == System.Text.Json.JsonValueKind.Object;

    /// <summary>The registered policy, with the organisation actor's answer for R14.</summary>
    private sealed class ReservedSeatPolicy(IQuotaPolicy inner, bool reserved) : IQuotaPolicy
    {
        public QuotaPermit CheckAccept(long projectId, string monitorSlug) => inner.CheckAccept(projectId, monitorSlug);

        public bool TryAssignSeat(long projectId, string monitorSlug) => inner.TryAssignSeat(projectId, monitorSlug);

        public bool CanCreateMonitor(long? organizationId, long projectId, string monitorSlug) =>
            reserved && inner.CanCreateMonitor(organizationId, projectId, monitorSlug);

        public void ReleaseSeat(long projectId, string monitorSlug) => inner.ReleaseSeat(projectId, monitorSlug);
    }
}
