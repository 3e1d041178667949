using CheckIns.Contracts;
using CheckIns.Domain.Environments;
using CheckIns.Domain.Errors;
using CheckIns.Domain.Incidents;
using CheckIns.Domain.Model;
using CheckIns.Domain.Payloads;
using CheckIns.Domain.Quota;
using CheckIns.Domain.RateLimits;
using CheckIns.Domain.Turns;

namespace CheckIns.Domain.Pipeline;

/// <summary>
/// The per-check-in pipeline in Sentry's order (SEMANTICS §5, R26–R41). Every step before the check-in
/// write only reads, or commits what Sentry commits before a later step can fail (rate counter, upserted
/// monitor, seat refusal, new environment); a rejection therefore leaves the check-in's own changes undone.
/// </summary>
internal sealed class CheckInPipeline(EngineOptions options, IQuotaPolicy quota)
{
    /// <summary>Runs one check-in whose message id the turn has just remembered (the engine answers duplicates).</summary>
    public void Process(Turn turn, CheckInInput input)
    {
        if (turn.LastReceivedAt is null || input.ReceivedAt > turn.LastReceivedAt)
        {
            turn.LastReceivedAt = input.ReceivedAt;
        }

        List<ProcessingError>? warnings = null;
        var result = Run(turn, input, ref warnings, out var environmentName);
        if (warnings is { Count: 0 })
        {
            warnings = null;
        }
        if (result.Rejection is { } rejection)
        {
            var errors = warnings is null ? rejection.Errors : [.. warnings, .. rejection.Errors];
            var record = ErrorLog.Record(turn, input, errors);
            turn.Outcomes.Add(new CheckInOutcome(input.MessageId, CheckInOutcomeKind.Rejected, record)
            {
                Environment = environmentName,
                Billing = rejection.Billing,
            });
            return;
        }

        var warning = warnings is null ? null : ErrorLog.Record(turn, input, warnings);
        if (warning is null)
        {
            ErrorLog.Prune(turn);
        }

        turn.Outcomes.Add(new CheckInOutcome(input.MessageId, CheckInOutcomeKind.Applied, warning)
        {
            CheckInId = result.CheckInId,
            Environment = environmentName,
            Billing = Accepted,
        });
    }

    private static readonly BillingOutcome Accepted = new(BillingOutcomeKind.Accepted, null);

    private readonly record struct StepResult(Rejection? Rejection, Guid? CheckInId);

    private StepResult Run(Turn turn, CheckInInput input, ref List<ProcessingError>? warnings, out string? environmentName)
    {
        var payload = new CheckInPayload(input.Payload);
        var at = input.ReceivedAt;
        environmentName = null;

        // R27
        if (input.OrganizationId is { } organization && options.KillSwitchedOrganizations.Contains(organization))
        {
            return Reject(Rejection.Of(ProcessingErrorType.OrganizationKillSwitchEnabled, BillingOutcomeKind.Abuse, "killswitch"));
        }

        // R28, keyed by the resolved environment name (Q2 fixed).
        environmentName = EnvironmentResolver.NameOf(turn, in payload);
        if (!RateLimiter.TryCount(turn, environmentName, at))
        {
            return Reject(Rejection.Of(ProcessingErrorType.MonitorEnvironmentRateLimited, BillingOutcomeKind.RateLimited, "rate_limited"));
        }

        // R29
        var permit = quota.CheckAccept(turn.ProjectId, turn.Slug);
        if (permit == QuotaPermit.Drop)
        {
            return Reject(Rejection.Of(ProcessingErrorType.MonitorOverQuota, BillingOutcomeKind.RateLimited, "over_quota"));
        }

        // R30
        if (!payload.TryReadGuid(out var guid, out var useLatest))
        {
            return Reject(Rejection.Of(ProcessingErrorType.CheckInInvalidGuid, BillingOutcomeKind.Invalid, "invalid_guid"));
        }

        if (useLatest)
        {
            guid = DeterministicIds.CheckInForMessage(input.MessageId);
        }

        // R31–R33
        var validated = payload.Validate();
        if (validated.Errors is { } fieldErrors)
        {
            return Reject(Rejection.Of(
                ProcessingError.WithErrors(ProcessingErrorType.CheckInValidationFailed, fieldErrors),
                BillingOutcomeKind.Invalid,
                "invalid_check_in"));
        }

        // R34 (§7)
        IReadOnlyDictionary<string, IReadOnlyList<string>>? configErrors = null;
        // A client's defaults (create-only) must not pass for a config the user wrote: R49 would overwrite it.
        var rawConfig = input.MonitorConfigCreateOnly && turn.Monitor is not null ? null : payload.MonitorConfig;
        if (rawConfig is { } config && Upsert.Run(turn, quota, input, config, warnings ??= [], out configErrors) is { } limit)
        {
            return Reject(limit);
        }

        // R35: a refused seat disables the monitor, and that stays.
        if (turn.Monitor is { } found && permit == QuotaPermit.AcceptedForUpsert && !quota.TryAssignSeat(turn.ProjectId, turn.Slug))
        {
            turn.Monitor = found with { Status = MonitorStatus.Disabled };
            turn.MarkChanged();
        }

        // R36
        if (turn.Monitor is not { } monitor)
        {
            ProcessingError notFound = ProcessingError.Of(ProcessingErrorType.MonitorNotFound);
            IReadOnlyList<ProcessingError> errors = configErrors is null
                ? [notFound]
                : [ProcessingError.WithErrors(ProcessingErrorType.MonitorInvalidConfig, configErrors), notFound];
            return Reject(new Rejection(errors, new BillingOutcome(BillingOutcomeKind.Invalid, "invalid_monitor")));
        }

        // R37
        if (permit == QuotaPermit.AcceptedForUpsert && monitor.Status == MonitorStatus.Disabled)
        {
            return Reject(Rejection.Of(ProcessingErrorType.MonitorDisabledNoQuota, BillingOutcomeKind.RateLimited, "over_quota"));
        }

        // R38
        if (monitor.Status != MonitorStatus.Active)
        {
            return Reject(Rejection.Of(ProcessingErrorType.MonitorDisabled, BillingOutcomeKind.Filtered, "monitor_disabled"));
        }

        // R39 (§6)
        var environment = EnvironmentResolver.Ensure(turn, environmentName, at, out var environmentRejection);
        if (environment is null)
        {
            return Reject(environmentRejection!);
        }

        // A disabled environment takes no check-ins, as a disabled monitor takes none (R38); otherwise mark_ok
        // would quietly turn it OK again (R66).
        if (environment.Status == EnvironmentStatus.Disabled)
        {
            return Reject(Rejection.Of(ProcessingErrorType.MonitorDisabled, BillingOutcomeKind.Filtered, "monitor_environment_disabled"));
        }

        // D5: a new check-in without config ends the upserting phase.
        var written = CheckInWriter.Write(turn, environment, guid, useLatest, validated, at, input.MessageId, input.Body);
        if (written.Rejection is { } writeRejection)
        {
            return Reject(writeRejection);
        }

        if (written.CheckIn is not { } checkIn)
        {
            return new StepResult(null, written.TouchedId);
        }

        if (rawConfig is null && checkIn.MessageId == input.MessageId && turn.Monitor is { IsUpserting: true } upserting)
        {
            turn.Monitor = upserting with { IsUpserting = false };
        }

        // R41
        if (checkIn.Status == CheckInStatus.Error)
        {
            MarkFailed.Run(turn, environment, checkIn, at, at);
        }
        else
        {
            MarkOk.Run(turn, environment, checkIn, at);
        }

        return new StepResult(null, checkIn.Id);
    }

    private static StepResult Reject(Rejection rejection) => new(rejection, null);
}
