namespace CheckIns.Incidents.Issues;

/// <summary>
/// The fingerprints of a project's issues: a state store is a key-value store, so listing a project's issues needs
/// a key that names them. It only grows by one entry per issue (not per incident or occurrence).
/// </summary>
public sealed record ProjectIssueIndex
{
    public required long ProjectId { get; init; }
    public IReadOnlyList<string> Fingerprints { get; init; } = [];
}
