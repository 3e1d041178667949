namespace CheckIns.Dashboard;

/// <summary>The <c>Dashboard</c> configuration section.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>How often an open page asks for fresh data.</summary>
    public int RefreshSeconds { get; set; } = 3;

    /// <summary>Monitors per overview page.</summary>
    public int PageSize { get; set; } = 50;

    /// <summary>
    /// The credential the dashboard signs in with by itself in Development, so that opening the page is enough on a
    /// local run; ignored in every other environment, where a user signs in with a project's token.
    /// </summary>
    public DevelopmentSignInOptions? DevelopmentSignIn { get; set; }
}

public sealed class DevelopmentSignInOptions
{
    public long ProjectId { get; set; }

    public string Token { get; set; } = "";
}
