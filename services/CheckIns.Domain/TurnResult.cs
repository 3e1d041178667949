using CheckIns.Domain.Effects;
using CheckIns.Domain.Errors;
using CheckIns.Domain.Model;

namespace CheckIns.Domain;

/// <summary>
/// The new state and what to publish. <see cref="State"/> is null only when there was no state and
/// nothing needed recording. <see cref="ConfigError"/> is set when <see cref="MonitorEngine.Configure"/>
/// refused the request (the state is then unchanged).
/// </summary>
public sealed record TurnResult(MonitorState? State, IReadOnlyList<CheckInOutcome> Outcomes, IReadOnlyList<MonitorEffect> Effects)
{
    public ProcessingError? ConfigError { get; init; }
}
