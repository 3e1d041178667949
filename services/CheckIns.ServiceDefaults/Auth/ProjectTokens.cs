using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CheckIns.ServiceDefaults.Auth;

/// <summary>What a presented token is worth for one project.</summary>
public enum TokenVerdict
{
    /// <summary>No configured project has this token: authentication failed (401).</summary>
    Unknown,

    /// <summary>A valid token, but not one of this project's (403).</summary>
    OtherProject,

    /// <summary>A token of this project.</summary>
    Granted,
}

/// <summary>
/// The configured project auth tokens, rebuilt whenever the configuration changes (IOptionsMonitor), so a
/// token can be added or revoked without a restart. Only SHA-256 digests are kept, and a presented token
/// is compared with every one of them in constant time: neither the time taken nor an early exit tells
/// an attacker how much of a guess was right.
/// </summary>
public sealed partial class ProjectTokens : IDisposable
{
    /// <summary>Longer than any sensible token; bounds the work an attacker can ask for.</summary>
    public const int MaxTokenLength = 512;

    private readonly ILogger<ProjectTokens> _logger;
    private readonly IDisposable? _subscription;
    private volatile Entry[] _entries;

    public ProjectTokens(IOptionsMonitor<ProjectAuthOptions> options, ILogger<ProjectTokens> logger)
    {
        _logger = logger;
        _entries = Build(options.CurrentValue);
        _subscription = options.OnChange(o => _entries = Build(o));
    }

    public TokenVerdict Verify(string token, long projectId)
    {
        var digest = Digest(token);
        var known = false;
        var granted = false;
        foreach (var entry in _entries)
        {
            // No early exit: every digest is compared, whatever matched before.
            var match = CryptographicOperations.FixedTimeEquals(entry.Digest, digest);
            known |= match;
            granted |= match & entry.ProjectId == projectId;
        }

        return granted ? TokenVerdict.Granted : known ? TokenVerdict.OtherProject : TokenVerdict.Unknown;
    }

    public void Dispose() => _subscription?.Dispose();

    private Entry[] Build(ProjectAuthOptions options)
    {
        var entries = new List<Entry>();
        foreach (var (name, project) in options.Projects)
        {
            if (!long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            {
                LogIgnoredProject(_logger, name);
                continue;
            }

            foreach (var token in project.Tokens)
            {
                if (string.IsNullOrWhiteSpace(token) || token.Length > MaxTokenLength)
                {
                    LogIgnoredToken(_logger, id);
                    continue;
                }

                entries.Add(new Entry(id, Digest(token)));
            }
        }

        LogLoaded(_logger, entries.Count, entries.Select(e => e.ProjectId).Distinct().Count());
        return [.. entries];
    }

    private static byte[] Digest(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignoring the auth tokens of project {ProjectName}: a project id is a positive integer")]
    private static partial void LogIgnoredProject(ILogger logger, string projectName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignoring an empty or over-long auth token of project {ProjectId}")]
    private static partial void LogIgnoredToken(ILogger logger, long projectId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {TokenCount} project auth tokens for {ProjectCount} projects")]
    private static partial void LogLoaded(ILogger logger, int tokenCount, int projectCount);

    private sealed record Entry(long ProjectId, byte[] Digest);
}
