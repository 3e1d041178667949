using CheckIns.Domain.Model;

namespace CheckIns.Domain.Tests.Config;

/// <summary>SEMANTICS §18 and §7 through the upsert path (a check-in carrying monitor_config).</summary>
public sealed class ConfigValidatorTests
{
    private static readonly DateTimeOffset T0 = At("2024-01-01T10:00:30Z");

    private static IReadOnlyDictionary<string, IReadOnlyList<string>> ErrorsOf(object config)
    {
        var h = new Harness();
        var outcome = h.Send(T0, CheckIn("ok", config: config));
        Assert.Equal(CheckInOutcomeKind.Rejected, outcome.Kind);
        return outcome.Error!.Errors[0].Errors!;
    }

    private static MonitorConfig ConfigOf(object config)
    {
        var h = new Harness();
        var outcome = h.Send(T0, CheckIn("ok", config: config));
        Assert.Equal(CheckInOutcomeKind.Applied, outcome.Kind);
        return h.Monitor.Config;
    }

    [Theory]
    [InlineData("""{"schedule":"* * * * *"}""", "schedule_type", "Missing or invalid schedule type")]
    [InlineData("""{"schedule":"* * * * *","schedule_type":"daily"}""", "schedule_type", "Missing or invalid schedule type")]
    [InlineData("""{"schedule_type":"crontab"}""", "schedule", "This field is required.")]
    [InlineData("""{"schedule":5,"schedule_type":"interval"}""", "schedule", "Invalid schedule for for 'interval' type")]
    [InlineData("""{"schedule":["a","day"],"schedule_type":"interval"}""", "schedule", "Invalid schedule for schedule unit count")]
    [InlineData("""{"schedule":[0,"day"],"schedule_type":"interval"}""", "schedule", "Interval must be greater than zero")]
    [InlineData("""{"schedule":[1,"fortnight"],"schedule_type":"interval"}""", "schedule", "Invalid schedule for schedule unit name")]
    [InlineData("""{"schedule":["* * * * *"],"schedule_type":"crontab"}""", "schedule", "Invalid schedule for 'crontab' type")]
    [InlineData("""{"schedule":"@fortnightly","schedule_type":"crontab"}""", "schedule", "Schedule was not parseable")]
    [InlineData("""{"schedule":"* * * * * *","schedule_type":"crontab"}""", "schedule", "Only 5 field crontab syntax is supported")]
    [InlineData("""{"schedule":"* * 31 2 *","schedule_type":"crontab"}""", "schedule", "Schedule is invalid")]
    [InlineData("""{"schedule":"61 * * * *","schedule_type":"crontab"}""", "schedule", "Schedule is invalid")]
    [InlineData("""{"schedule":"H * * * *","schedule_type":"crontab"}""", "schedule", "Schedule is invalid")]
    [InlineData("""{"schedule":"* * * * *","schedule_type":"crontab","failure_issue_threshold":721}""", "failure_issue_threshold", "Ensure this value is less than or equal to 720.")]
    [InlineData("""{"schedule":"* * * * *","schedule_type":"crontab","recovery_threshold":0}""", "recovery_threshold", "Ensure this value is greater than or equal to 1.")]
    [InlineData("""{"schedule":"* * * * *","schedule_type":"crontab","max_runtime":0}""", "max_runtime", "Ensure this value is greater than or equal to 1.")]
    [InlineData("""{"schedule":"* * * * *","schedule_type":"crontab","max_runtime":"abc"}""", "max_runtime", "A valid integer is required.")]
    [InlineData("""{"schedule":"* * * * *","schedule_type":"crontab","timezone":"Mars/Olympus"}""", "timezone", "\"Mars/Olympus\" is not a valid choice.")]
    public void R107_R112_InvalidConfig_FieldMessages(string config, string field, string message) =>
        Assert.Equal([message], ErrorsOf(Json(config))[field]);

    [Theory]
    [InlineData("@yearly", "0 0 1 1 *")]
    [InlineData("@annually", "0 0 1 1 *")]
    [InlineData("@monthly", "0 0 1 * *")]
    [InlineData("@weekly", "0 0 * * 0")]
    [InlineData("@daily", "0 0 * * *")]
    [InlineData("@hourly", "0 * * * *")]
    [InlineData("  */5   *  * *   * ", "*/5 * * * *")]
    public void R110_Crontab_IsNormalised(string schedule, string stored) =>
        Assert.Equal(stored, ConfigOf(new { schedule, schedule_type = "crontab" }).Crontab);

    [Fact]
    public void R108_ObjectForm_OverridesScheduleType()
    {
        var interval = ConfigOf(Json("""{"schedule":{"type":"interval","value":3,"unit":"hour"},"schedule_type":"crontab"}"""));
        Assert.Equal((ScheduleType.Interval, 3, IntervalUnit.Hour), (interval.ScheduleType, interval.IntervalCount!.Value, interval.IntervalUnit!.Value));

        var crontab = ConfigOf(Json("""{"schedule":{"type":"crontab","value":"0 * * * *"}}"""));
        Assert.Equal((ScheduleType.Crontab, "0 * * * *"), (crontab.ScheduleType, crontab.Crontab));
    }

    [Fact]
    public void R111_D7_D19_UpsertClampsRuntimeAndMargin_ZeroMarginIsOne()
    {
        var config = ConfigOf(new { schedule = "* * * * *", schedule_type = "crontab", max_runtime = 100_000, checkin_margin = 100_000 });
        Assert.Equal((40_320, 40_320), (config.MaxRuntime!.Value, config.CheckInMargin!.Value));
        Assert.Equal(1, ConfigOf(new { schedule = "* * * * *", schedule_type = "crontab", checkin_margin = 0 }).CheckInMargin);
        Assert.Null(ConfigOf(new { schedule = "* * * * *", schedule_type = "crontab", checkin_margin = "" }).CheckInMargin);
    }

    [Fact]
    public void R112_R113_EmptyTimezoneDropped_MissingKeysNull()
    {
        var config = ConfigOf(new { schedule = "* * * * *", schedule_type = "crontab", timezone = "" });
        Assert.Null(config.Timezone);
        Assert.Null(config.CheckInMargin);
        Assert.Null(config.MaxRuntime);
        Assert.Null(config.FailureIssueThreshold);
        Assert.Null(config.RecoveryThreshold);
    }

    [Fact]
    public void R49_Upsert_KeepsStoredKeysNotMentioned()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: new { schedule = "* * * * *", schedule_type = "crontab", checkin_margin = 5, timezone = "Europe/Berlin" }));
        h.Send(T0.AddMinutes(1), CheckIn("ok", config: new { schedule = "0 * * * *", schedule_type = "crontab", max_runtime = 7 }));

        var config = h.Monitor.Config;
        Assert.Equal("0 * * * *", config.Crontab);
        Assert.Equal(5, config.CheckInMargin);
        Assert.Equal(7, config.MaxRuntime);
        Assert.Equal("Europe/Berlin", config.Timezone);
    }

    [Fact]
    public void R49_CreateOnlyConfig_CreatesAMissingMonitor_AndNeverChangesOneThatExists()
    {
        var daily = new { schedule = new { type = "interval", value = 1, unit = "day" }, checkin_margin = 60 };
        var created = new Harness();
        Assert.Equal(CheckInOutcomeKind.Applied, created.SendAll(created.Input(T0, CheckIn("ok", config: daily)) with { MonitorConfigCreateOnly = true })[0].Kind);
        Assert.Equal(ScheduleType.Interval, created.Monitor.Config.ScheduleType);

        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: new { schedule = "0 * * * *", schedule_type = "crontab", checkin_margin = 5 }));
        var outcome = h.SendAll(h.Input(T0.AddMinutes(1), CheckIn("ok", config: daily)) with { MonitorConfigCreateOnly = true })[0];

        Assert.Equal(CheckInOutcomeKind.Applied, outcome.Kind);
        Assert.Null(outcome.Error);
        Assert.Equal((ScheduleType.Crontab, "0 * * * *", (int?)5), (h.Monitor.Config.ScheduleType, h.Monitor.Config.Crontab, h.Monitor.Config.CheckInMargin));
    }

    [Fact]
    public void R48_R50_Create_NameIsSlug_OwnerSetThenNeverCleared()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: new { schedule = "* * * * *", schedule_type = "crontab", owner = "team:42" }));
        Assert.Equal("my-job", h.Monitor.Name);
        Assert.Equal(MonitorType.CronJob, h.Monitor.Type);
        Assert.Equal("team:42", h.Monitor.Owner);

        h.Send(T0.AddMinutes(1), CheckIn("ok", config: EveryMinute));
        Assert.Equal("team:42", h.Monitor.Owner);

        h.Send(T0.AddMinutes(2), CheckIn("ok", config: new { schedule = "* * * * *", schedule_type = "crontab", owner = "user:7" }));
        Assert.Equal("user:7", h.Monitor.Owner);
    }

    [Fact]
    public void R49_R113_SetKeys_TellNeverSetFromSetToNull_AndSurviveLaterUpserts()
    {
        var h = new Harness();
        h.Send(T0, CheckIn("ok", config: Json("""{"schedule":"* * * * *","schedule_type":"crontab","checkin_margin":null,"timezone":null}""")));
        Assert.Equal(ConfigKeys.CheckInMargin | ConfigKeys.Timezone, h.Monitor.Config.SetKeys);
        Assert.Equal(["schedule_type", "schedule", "checkin_margin", "timezone"], h.Monitor.Config.KeyNamesSet());

        h.Send(T0.AddMinutes(1), CheckIn("ok", config: new { schedule = "0 * * * *", schedule_type = "crontab", max_runtime = 7 }));
        Assert.Equal(ConfigKeys.CheckInMargin | ConfigKeys.Timezone | ConfigKeys.MaxRuntime, h.Monitor.Config.SetKeys);

        // R112: an empty timezone is dropped as if absent, so it sets nothing.
        Assert.Equal(ConfigKeys.None, ConfigOf(new { schedule = "* * * * *", schedule_type = "crontab", timezone = "" }).SetKeys);
    }

    [Fact]
    public void A_config_stored_before_set_keys_counts_the_keys_holding_a_value()
    {
        var old = new MonitorConfig { Crontab = "* * * * *", CheckInMargin = 5, Timezone = "Europe/Berlin" };
        Assert.Null(old.SetKeys);
        Assert.Equal(ConfigKeys.CheckInMargin | ConfigKeys.Timezone, old.KeysSet);
    }

    [Fact]
    public void R10_StoredConfigJson_HasSentryShape()
    {
        var json = ConfigOf(new { schedule = new object[] { 2, "hour" }, schedule_type = "interval", checkin_margin = 3 }).ToJson();
        Assert.Equal(2, json.GetProperty("schedule_type").GetInt32());
        Assert.Equal(2, json.GetProperty("schedule")[0].GetInt32());
        Assert.Equal("hour", json.GetProperty("schedule")[1].GetString());
        Assert.Equal(3, json.GetProperty("checkin_margin").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("max_runtime").ValueKind);
        Assert.False(json.TryGetProperty("timezone", out _));
    }
}
