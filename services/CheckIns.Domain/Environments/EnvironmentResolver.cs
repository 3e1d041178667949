using System.Globalization;
using CheckIns.Contracts;
using CheckIns.Domain.Errors;
using CheckIns.Domain.Model;
using CheckIns.Domain.Payloads;
using CheckIns.Domain.Pipeline;
using CheckIns.Domain.Turns;

namespace CheckIns.Domain.Environments;

/// <summary>Environment names, validity and creation (SEMANTICS §6, R39, R43, R44, R14).</summary>
internal static class EnvironmentResolver
{
    public const string InvalidName = "Environment name too long";

    /// <summary>The environment name a payload asks for, reusing an existing name's string when it matches.</summary>
    public static string NameOf(Turn turn, in CheckInPayload payload)
    {
        // The default name is the common one: compared as UTF-8, without transcoding each environment's name.
        if (payload.EnvironmentString is not { } element || element.ValueEquals("production"u8))
        {
            return CheckInPayload.DefaultEnvironment;
        }

        foreach (var environment in turn.Environments)
        {
            if (element.ValueEquals(environment.Name))
            {
                return environment.Name;
            }
        }

        return element.GetString()!;
    }

    /// <summary>R43: at most 64 characters and none of newline, carriage return, form feed or '/'.</summary>
    public static bool IsValid(string name) =>
        name.Length <= CheckInPayload.MaxEnvironmentLength && name.AsSpan().IndexOfAny("\n\r\f/") < 0;

    /// <summary>Gets or creates the environment; null with a rejection when the name or the limit refuses it.</summary>
    public static WorkingEnvironment? Ensure(Turn turn, string name, DateTimeOffset at, out Rejection? rejection)
    {
        rejection = null;
        if (!IsValid(name))
        {
            rejection = Rejection.Of(
                ProcessingError.WithReason(ProcessingErrorType.MonitorInvalidEnvironment, InvalidName),
                BillingOutcomeKind.Invalid,
                "invalid_monitor_environment");
            return null;
        }

        if (turn.FindEnvironment(name) is { } existing)
        {
            return existing;
        }

        var max = turn.Options.MaxEnvironmentsPerMonitor;
        if (turn.Environments.Count >= max)
        {
            rejection = Rejection.Of(
                ProcessingError.WithReason(
                    ProcessingErrorType.MonitorEnvironmentLimitExceeded,
                    string.Create(CultureInfo.InvariantCulture, $"You may not exceed {max} environments per monitor")),
                BillingOutcomeKind.Invalid,
                "monitor_environment_limit_exceeded");
            return null;
        }

        var created = new WorkingEnvironment(new MonitorEnvironment
        {
            Id = DeterministicIds.EnvironmentId(turn.Monitor!.Guid, name),
            Name = name,
            Status = EnvironmentStatus.Active,
            IsMuted = turn.Monitor.IsMuted,
            DateAdded = at,
            PingUuid = turn.Options.NewPingUuid(),
        }, turn.Inputs);
        turn.Environments.Add(created);
        turn.MarkChanged();
        return created;
    }
}
