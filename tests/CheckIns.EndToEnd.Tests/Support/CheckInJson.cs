using System.Text.Json.Nodes;

namespace CheckIns.EndToEnd.Tests.Support;

/// <summary>Bodies of the native check-in API (<c>POST /v1/checkins</c>): the Sentry check-in item plus <c>project_id</c>.</summary>
internal static class CheckInJson
{
    /// <summary>Hourly at minute 0, 5 minutes' margin, 30 minutes' runtime; thresholds of 1 (Sentry's defaults).</summary>
    public const string Hourly = """{"schedule":{"type":"crontab","value":"0 * * * *"},"checkin_margin":5,"max_runtime":30}""";

    public static string Of(string slug, string status, string? monitorConfig = null, Guid? checkInId = null, string? environment = null, long projectId = CheckInsSuite.ProjectId)
    {
        var body = new JsonObject
        {
            ["project_id"] = projectId,
            ["monitor_slug"] = slug,
            ["status"] = status,
        };
        if (checkInId is { } id)
        {
            body["check_in_id"] = id.ToString("N");
        }

        if (environment is not null)
        {
            body["environment"] = environment;
        }

        if (monitorConfig is not null)
        {
            body["monitor_config"] = JsonNode.Parse(monitorConfig);
        }

        return body.ToJsonString();
    }
}
