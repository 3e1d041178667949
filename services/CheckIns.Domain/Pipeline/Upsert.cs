using System.Globalization;
using System.Text.RegularExpressions;
using CheckIns.Contracts;
using CheckIns.Domain.Config;
using CheckIns.Domain.Errors;
using CheckIns.Domain.Model;
using CheckIns.Domain.Quota;
using CheckIns.Domain.Turns;

namespace CheckIns.Domain.Pipeline;

/// <summary>Monitor lookup and upsert from monitor_config (SEMANTICS §7, R34, R45–R50, D5, D6).</summary>
internal static partial class Upsert
{
    public const string InvalidOwnerReason = "Owner must be \"user:<id or username>\" or \"team:<id or slug>\"";

    [GeneratedRegex(@"^(user|team):\S+$", RegexOptions.CultureInvariant)]
    private static partial Regex OwnerPattern();

    public static bool IsValidOwner(string owner) => OwnerPattern().IsMatch(owner);

    /// <summary>
    /// Applies the config of a check-in. Returns a rejection only for the organisation limit; invalid
    /// config is reported through <paramref name="configErrors"/> (no monitor) or <paramref name="warnings"/> (Q8 fixed).
    /// </summary>
    public static Rejection? Run(
        Turn turn,
        IQuotaPolicy quota,
        CheckInInput input,
        System.Text.Json.JsonElement rawConfig,
        List<ProcessingError> warnings,
        out IReadOnlyDictionary<string, IReadOnlyList<string>>? configErrors)
    {
        configErrors = null;
        var monitor = turn.Monitor;
        var validation = ConfigValidator.Validate(rawConfig, monitor?.Config, clampLimits: true, scheduleOptional: false);

        // R46/D6: an owner that cannot be used is reported but never stops the check-in.
        string? owner = null;
        if (validation.Owner is { } rawOwner)
        {
            if (IsValidOwner(rawOwner))
            {
                owner = rawOwner;
            }
            else
            {
                warnings.Add(ProcessingError.WithReason(ProcessingErrorType.MonitorInvalidOwner, InvalidOwnerReason));
            }
        }

        if (validation.Config is not { } config)
        {
            configErrors = validation.Errors;
            if (monitor is not null)
            {
                warnings.Add(ProcessingError.WithErrors(ProcessingErrorType.MonitorInvalidConfig, configErrors!));
                turn.Monitor = monitor with { IsUpserting = true };
                turn.MarkChanged();
            }

            return null;
        }

        if (monitor is null)
        {
            if (!quota.CanCreateMonitor(input.OrganizationId, turn.ProjectId, turn.Slug))
            {
                return Rejection.Of(
                    ProcessingError.WithReason(ProcessingErrorType.MonitorLimitExceeded, MonitorLimitMessage(turn.Options)),
                    BillingOutcomeKind.Invalid,
                    "monitor_limit_exceeded");
            }

            // R48: name = slug, active, cron job.
            turn.Monitor = new MonitorDefinition
            {
                Guid = DeterministicIds.MonitorGuid(turn.ProjectId, turn.Slug),
                OrganizationId = input.OrganizationId,
                Name = turn.Slug,
                Status = MonitorStatus.Active,
                Type = MonitorType.CronJob,
                Owner = owner,
                Config = config,
                IsUpserting = true,
                DateAdded = input.ReceivedAt,
            };
            turn.MarkChanged();
            return null;
        }

        // R49 merged the config already; R50: the owner changes only when a new one was given.
        var updated = monitor with
        {
            Config = config == monitor.Config ? monitor.Config : config,
            Owner = owner ?? monitor.Owner,
            IsUpserting = true,
            OrganizationId = monitor.OrganizationId ?? input.OrganizationId,
        };
        if (updated != monitor)
        {
            turn.Monitor = updated;
            turn.MarkChanged();
        }

        return null;
    }

    public static string MonitorLimitMessage(EngineOptions options) =>
        string.Create(CultureInfo.InvariantCulture, $"You may not exceed {options.MaxMonitorsPerOrganization} monitors per organization");
}
