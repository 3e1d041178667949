namespace CheckIns.ServiceDefaults.Auth;

/// <summary>
/// The projects' auth tokens (section "ProjectAuth"): secrets, separate from the public DSN keys, that
/// grant the read and edit APIs of a project. Keyed by project id, so that environment variables can
/// address them: <c>ProjectAuth__Projects__1__Tokens__0</c>. Several tokens per project allow a rotation;
/// a token listed under several projects grants each of them (like an organisation token).
/// </summary>
public sealed class ProjectAuthOptions
{
    public const string SectionName = "ProjectAuth";

    public Dictionary<string, ProjectTokenOptions> Projects { get; init; } = [];
}

public sealed class ProjectTokenOptions
{
    public List<string> Tokens { get; init; } = [];
}
