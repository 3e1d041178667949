using CheckIns.Ingest.Parsing;
using CheckIns.Ingest.Projects;
using CheckIns.ServiceDefaults.Auth;

namespace CheckIns.Ingest.Auth;

/// <summary>
/// Who called the native API: the Dapr sidecar (the app token; the caller is another app of the deployment and
/// may name any configured project), or the holder of one project's credential (its public key or an auth
/// token), who may send check-ins of that project only.
/// </summary>
public sealed record NativeCaller(bool ThroughSidecar, string? Credential)
{
    /// <summary>Whether the caller may send check-ins of the project: 403 otherwise, naming the field.</summary>
    public Func<long, bool> MaySend { get; init; } = _ => true;
}

/// <summary>
/// Authenticates <c>POST /v1/checkins</c>. A credential is always needed: the app token through Dapr, or a
/// project's key — <c>Authorization: DSN &lt;dsn&gt;</c>, <c>X-Sentry-Auth</c>, <c>Authorization: Sentry</c>,
/// <c>Basic</c>, <c>?sentry_key=</c> — or its auth token (<c>Authorization: Bearer</c>). Keys follow Relay's rules
/// as on the Sentry routes (unknown, disabled or another project's key: 403); tokens follow the processor's (a
/// token no project has: 401, another project's: 403). When both an app token and a project credential come,
/// both must hold and the project credential scopes the call.
/// </summary>
public sealed class NativeAuthenticator(DaprAppToken appToken, ProjectDirectory projects, ProjectTokens tokens)
{
    public NativeCaller Authenticate(HttpRequest request)
    {
        var throughSidecar = appToken.Verify(request);
        var credentials = SentryCredentialReader.ReadNative(request);
        if (credentials is null)
        {
            return throughSidecar
                ? new NativeCaller(true, null)
                : throw new IngestRejectedException(
                    StatusCodes.Status401Unauthorized,
                    "Missing authorization: send the project's key (Authorization: DSN <dsn>, X-Sentry-Auth: Sentry sentry_key=…) or its auth token (Authorization: Bearer <token>), or call through Dapr service invocation.");
        }

        if (credentials.AuthToken is { } token)
        {
            // Which projects the token grants is asked per check-in; a token no project has fails here already.
            if (tokens.Verify(token, 0) == TokenVerdict.Unknown)
            {
                throw new IngestRejectedException(StatusCodes.Status401Unauthorized, "The auth token is unknown or revoked.");
            }

            return new NativeCaller(throughSidecar, "auth token") { MaySend = projectId => tokens.Verify(token, projectId) == TokenVerdict.Granted };
        }

        var key = projects.FindKey(credentials.Key!.PublicKey);
        if (key is null || !key.Enabled || !key.Project.Enabled)
        {
            throw new IngestRejectedException(StatusCodes.Status403Forbidden, "Event submission rejected: the key is unknown or disabled.");
        }

        if (credentials.Key.DsnProjectId is { } dsnProject
            && (!ProjectIds.TryParse(dsnProject, out var dsnProjectId) || dsnProjectId != key.Project.Id))
        {
            throw new IngestRejectedException(StatusCodes.Status403Forbidden, "Event submission rejected: the DSN's key is not a key of the DSN's project.");
        }

        var projectOfKey = key.Project.Id;
        return new NativeCaller(throughSidecar, "public key") { MaySend = projectId => projectId == projectOfKey };
    }
}
