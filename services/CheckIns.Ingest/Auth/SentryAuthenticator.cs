using CheckIns.Ingest.Parsing;
using CheckIns.Ingest.Projects;

namespace CheckIns.Ingest.Auth;

/// <summary>The project a Sentry request was accepted for, and the client it named.</summary>
public sealed record AuthenticatedProject(Project Project, string? Client);

/// <summary>
/// Checks a Sentry request against the configured projects: a malformed project id is a 400,
/// missing or duplicate credentials a 401, and an unknown or disabled key, a disabled project
/// or a key of another project a 403 (Relay rejects the project: "event submission rejected").
/// </summary>
public sealed class SentryAuthenticator(ProjectDirectory projects)
{
    public static long ParseProjectId(string projectId) =>
        ProjectIds.TryParse(projectId, out var id)
            ? id
            : throw IngestRejectedException.BadRequest($"\"{Shorten(projectId)}\" is not a project id: it must be a positive integer.", "project_id");

    public AuthenticatedProject Authenticate(long projectId, SentryCredentials? credentials)
    {
        if (credentials is null)
        {
            throw new IngestRejectedException(StatusCodes.Status401Unauthorized, "Missing authorization: send the DSN's public key.");
        }

        var key = projects.FindKey(credentials.PublicKey);
        if (key is null || !key.Enabled || !key.Project.Enabled || key.Project.Id != projectId)
        {
            throw new IngestRejectedException(StatusCodes.Status403Forbidden, "Event submission rejected: the key is unknown, disabled or not a key of this project.");
        }

        return new AuthenticatedProject(key.Project, credentials.Client);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
