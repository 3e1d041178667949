using CheckIns.Contracts;
using CheckIns.Domain.Errors;
using CheckIns.Domain.Model;
using CheckIns.Domain.Pipeline;
using CheckIns.Domain.Quota;

namespace CheckIns.Domain.Config;

/// <summary>
/// Create or edit a monitor from the API (SEMANTICS §18 strict validation, R103, R114, D16). Invalid
/// requests change nothing and come back as one processing error.
/// </summary>
internal static class Configurator
{
    public const int MaxNameLength = 128;

    public static TurnResult Run(MonitorState state, MonitorConfigRequest request, DateTimeOffset now, EngineOptions options, IQuotaPolicy quota)
    {
        var monitor = state.Monitor;
        var errors = new ConfigErrors();

        if (request.Name is { } name && (name.Trim().Length == 0 || name.Length > MaxNameLength))
        {
            errors.Add("name", name.Trim().Length == 0 ? "This field may not be blank." : $"Ensure this field has no more than {MaxNameLength} characters.");
        }

        if (request.Slug.Length == 0 || !string.Equals(Slugs.Normalize(request.Slug), request.Slug, StringComparison.Ordinal))
        {
            errors.Add("slug", "Enter a valid slug consisting of letters, numbers, underscores or hyphens.");
        }

        MonitorStatus? status = request.Status switch
        {
            null => null,
            "active" => MonitorStatus.Active,
            "disabled" => MonitorStatus.Disabled,
            _ => null,
        };
        if (request.Status is not null && status is null)
        {
            errors.Add("status", $"\"{request.Status}\" is not a valid choice.");
        }

        MonitorConfig? config = monitor?.Config;
        string? configOwner = null;
        if (request.Config is { } raw)
        {
            var validation = ConfigValidator.Validate(raw, monitor?.Config, clampLimits: false, scheduleOptional: monitor is not null);
            configOwner = validation.Owner;
            if (validation.Errors is { } configErrors)
            {
                foreach (var (field, messages) in configErrors)
                {
                    foreach (var message in messages)
                    {
                        errors.Add(field, message);
                    }
                }
            }
            else
            {
                config = validation.Config;
            }
        }
        else if (monitor is null)
        {
            errors.Add("config", ConfigErrors.Required);
        }

        var owner = request.Owner ?? configOwner;
        if (owner is { Length: > 0 } && !Upsert.IsValidOwner(owner))
        {
            errors.Add("owner", Upsert.InvalidOwnerReason);
        }

        if (errors.Any)
        {
            return Refuse(state, ProcessingError.WithErrors(ProcessingErrorType.MonitorInvalidConfig, errors.ToMap()));
        }

        var wasActive = monitor?.Status == MonitorStatus.Active;
        var wantActive = status is null ? monitor is null || wasActive : status == MonitorStatus.Active;
        if (monitor is null && !quota.CanCreateMonitor(request.OrganizationId, request.ProjectId, request.Slug))
        {
            return Refuse(state, ProcessingError.WithReason(ProcessingErrorType.MonitorLimitExceeded, Upsert.MonitorLimitMessage(options)));
        }

        // R103: activating needs a seat; disabling gives it back.
        if (wantActive && !wasActive && !quota.TryAssignSeat(request.ProjectId, request.Slug))
        {
            return Refuse(state, ProcessingError.Of(ProcessingErrorType.MonitorDisabledNoQuota));
        }

        if (!wantActive && wasActive)
        {
            quota.ReleaseSeat(request.ProjectId, request.Slug);
        }

        var baseline = monitor ?? new MonitorDefinition
        {
            Guid = DeterministicIds.MonitorGuid(request.ProjectId, request.Slug),
            OrganizationId = request.OrganizationId,
            Name = request.Slug,
            Config = config!,
            DateAdded = now,
        };
        var updated = baseline with
        {
            Name = request.Name ?? baseline.Name,
            Config = config!,
            Status = wantActive ? MonitorStatus.Active : MonitorStatus.Disabled,
            Owner = owner is null ? baseline.Owner : owner.Length == 0 ? null : owner,
            IsMuted = request.IsMuted ?? baseline.IsMuted,
            OrganizationId = baseline.OrganizationId ?? request.OrganizationId,
        };

        var environments = state.Environments;
        if (request.IsMuted is { } muted)
        {
            // D16: muting through the API writes the flag to every environment.
            var copy = new MonitorEnvironment[environments.Count];
            for (var i = 0; i < copy.Length; i++)
            {
                copy[i] = environments[i] with { IsMuted = muted };
            }

            environments = copy;
        }

        return new TurnResult(state with { Monitor = updated, Environments = environments }, [], []);
    }

    private static TurnResult Refuse(MonitorState state, ProcessingError error) =>
        new(state, [], []) { ConfigError = error };
}
