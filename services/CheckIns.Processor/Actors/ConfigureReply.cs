using CheckIns.Domain.Errors;
using CheckIns.Domain.Model;

namespace CheckIns.Processor.Actors;

/// <summary>The result of a configure turn: the new state, or the error that refused the request.</summary>
public sealed record ConfigureReply(MonitorState? State, bool Created, ProcessingError? Error);
