using CsCheck;

namespace CheckIns.Domain.Tests.Properties;

/// <summary>One step of a random monitor history: a check-in, a redelivery, or a clock tick.</summary>
internal sealed record Step(int Kind, int Status, int Guid, int Environment, int DeltaSeconds, int Config, int Pick)
{
    private static readonly string[] s_statuses = ["ok", "error", "in_progress", "ok", "done"];
    private static readonly string?[] s_environments = [null, "production", "staging", "", "bad/env"];
    private static readonly object?[] s_configs =
    [
        null,
        null,
        null,
        new { schedule = "*/5 * * * *", schedule_type = "crontab", failure_issue_threshold = 2, recovery_threshold = 2, max_runtime = 7 },
        new { schedule = new object[] { 10, "minute" }, schedule_type = "interval", checkin_margin = 3, failure_issue_threshold = 1 },
        new { schedule = "0 * * * *", schedule_type = "crontab", timezone = "America/New_York", failure_issue_threshold = 3 },
        new { schedule = "nope", schedule_type = "crontab" },
    ];

    public static Gen<Step> Gen { get; } = CsCheck.Gen.Select(
        CsCheck.Gen.Int[0, 9], CsCheck.Gen.Int[0, 4], CsCheck.Gen.Int[0, 7], CsCheck.Gen.Int[0, 4],
        CsCheck.Gen.Int[-120, 1_800], CsCheck.Gen.Int[0, 6], CsCheck.Gen.Int[0, 1_000],
        (kind, status, guid, environment, delta, config, pick) => new Step(kind, status, guid, environment, delta, config, pick));

    /// <summary>Kinds 0–6 send a check-in, 7 redelivers an earlier message, 8–9 tick the clock.</summary>
    public bool IsTick => Kind >= 8;

    public bool IsRedelivery => Kind == 7;

    public Dictionary<string, object?> Payload(bool first)
    {
        var id = Guid switch
        {
            0 => "00000000-0000-0000-0000-000000000000",
            5 => System.Guid.NewGuid().ToString(),
            6 => System.Guid.NewGuid().ToString("N"),
            7 => "not-a-guid",
            _ => NewGuid(Guid),
        };
        var payload = new Dictionary<string, object?>
        {
            ["check_in_id"] = id,
            ["monitor_slug"] = "my-job",
            ["status"] = s_statuses[Status],
            ["environment"] = s_environments[Environment],
        };
        var config = first ? EveryMinute : s_configs[Config];
        if (config is not null)
        {
            payload["monitor_config"] = config;
        }

        if (Pick % 5 == 0)
        {
            payload["duration"] = (Pick - 100) / 10.0;
        }

        return payload;
    }
}
