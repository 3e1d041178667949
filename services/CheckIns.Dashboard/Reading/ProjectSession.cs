namespace CheckIns.Dashboard.Reading;

/// <summary>The signed-in project and the token the dashboard calls the apps with on its behalf.</summary>
public sealed record ProjectSession(long ProjectId, string Token);
