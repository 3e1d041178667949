using CheckIns.Domain.Errors;

namespace CheckIns.Processor.ProcessingErrors;

/// <summary>
/// A processing error grouped under its project (SEMANTICS R105: no monitor exists for the check-in's slug), with
/// the slug and environment the check-in named, so that a project's list can say which job sent it.
/// </summary>
public sealed record ProjectErrorEntry(ProcessingErrorRecord Record, string MonitorSlug, string? Environment);
