using System.Text.Json;
using CheckIns.Domain.Errors;
using CheckIns.Domain.Model;
using CheckIns.Processor.Storage;

namespace CheckIns.Processor.Tests.Storage;

/// <summary>The monitor's stored schema: a state saved before it existed still reads, and what it writes reads back.</summary>
public sealed class MonitorStateStorageTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_state_saved_without_a_schema_version_reads_as_version_1_into_the_model()
    {
        var stored = Deserialize(SavedStateFixture.Json);
        Assert.Equal(1, stored.SchemaVersion);

        var state = MonitorStateMapper.ToModel(stored);

        Assert.Equal(42, state.ProjectId);
        Assert.Equal("nightly-backup", state.Slug);
        Assert.Equal(9, state.EffectSequence);
        Assert.Equal(Day.AddHours(13).AddSeconds(1.25), state.LastReceivedAt);
        Assert.Equal([.. Enumerable.Range(1, 9).Select(i => $"msg-{i:D4}-7c1e")], state.AppliedMessageIds);
        Assert.Equal([new RateWindow("production", Day.AddHours(13), 1)], state.RateWindows);

        var monitor = state.Monitor!;
        Assert.Equal(Guid.Parse("a1646ef3-d5b5-89f1-8b38-9fa9911f0bf4"), monitor.Guid);
        Assert.Equal(7, monitor.OrganizationId);
        Assert.Equal("Nightly backup", monitor.Name);
        Assert.Equal("team:12", monitor.Owner);
        Assert.Equal((MonitorStatus.Active, MonitorType.CronJob, false, false), (monitor.Status, monitor.Type, monitor.IsMuted, monitor.IsUpserting));
        Assert.Equal(Day.AddHours(9).AddSeconds(1.25), monitor.DateAdded);
        Assert.Equal(
            new MonitorConfig
            {
                ScheduleType = ScheduleType.Crontab,
                Crontab = "0 * * * *",
                CheckInMargin = 5,
                MaxRuntime = 30,
                Timezone = "Europe/Vienna",
                RecoveryThreshold = 1,
                SetKeys = ConfigKeys.CheckInMargin | ConfigKeys.MaxRuntime | ConfigKeys.Timezone | ConfigKeys.FailureIssueThreshold | ConfigKeys.RecoveryThreshold,
            },
            monitor.Config);

        Assert.Equal(["production", "staging"], state.Environments.Select(e => e.Name));
        var production = state.Environments[0];
        Assert.Equal("4d7460dbb67e83c1834232598a812329", production.Id);
        Assert.Equal((EnvironmentStatus.Error, false), (production.Status, production.IsMuted));
        Assert.Equal((Day.AddHours(13).AddSeconds(1.25), Day.AddHours(14), Day.AddHours(14).AddMinutes(5)), (production.LastCheckIn!.Value, production.NextCheckIn!.Value, production.NextCheckInLatest!.Value));
        Assert.Equal(Day.AddHours(11).AddSeconds(2.25), production.LastSuccessfulCheckIn);
        Assert.Equal(2, production.IncidentCount);
        Assert.Equal(Guid.Parse("6f1d2c4e-8a3b-4f5e-9c7d-0b1a2e3f4d5c"), production.PingUuid);
        Assert.Equal(MonitorEnvironment.PingMethodsAny, production.PingMethods);
        Assert.Equal(
            [CheckInStatus.Ok, CheckInStatus.Missed, CheckInStatus.Ok, CheckInStatus.Error, CheckInStatus.InProgress],
            production.CheckIns.Select(c => c.Status));
        Assert.Equal(
            new CheckIn
            {
                Id = Guid.Parse("1b4e28ba-2fa1-411d-a49a-0f0b6a6b8c01"),
                Status = CheckInStatus.Ok,
                DurationMs = 270_500,
                DateAdded = Day.AddHours(9).AddSeconds(1.25),
                DateUpdated = Day.AddHours(9).AddMinutes(4).AddSeconds(31.25),
                DateClock = Day.AddHours(9),
                DateInProgress = Day.AddHours(9).AddSeconds(1.25),
                MessageId = "msg-0001-7c1e",
            },
            production.CheckIns[0]);
        Assert.Null(production.CheckIns[1].MessageId);
        var running = production.CheckIns[4];
        Assert.Equal(Day.AddHours(13).AddMinutes(30), running.TimeoutAt);
        Assert.Equal(Day.AddHours(13), running.ExpectedTime);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", running.TraceId);
        Assert.Equal("starting backup of /var/lib/db\n", running.Body);

        var open = production.ActiveIncident!;
        Assert.True(open.IsActive);
        Assert.Equal(("5a2820df5d7387649251ed283eb8927a", "crons:4d7460dbb67e83c1834232598a812329"), (open.Id, open.Fingerprint));
        Assert.Equal(production.CheckIns[3].Id, open.StartingCheckInId);
        var resolved = Assert.Single(production.ResolvedIncidents);
        Assert.False(resolved.IsActive);
        Assert.Equal((production.CheckIns[1].Id, production.CheckIns[2].Id), (resolved.StartingCheckInId, resolved.ResolvingCheckInId!.Value));
        Assert.Equal((Day.AddHours(10), Day.AddHours(11).AddSeconds(2.25), Day.AddHours(10).AddMinutes(5)), (resolved.StartingTimestamp, resolved.ResolvingTimestamp!.Value, resolved.DateAdded));

        var staging = state.Environments[1];
        Assert.Equal((EnvironmentStatus.Error, true), (staging.Status, staging.IsMuted));
        Assert.Equal(Guid.Parse("a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d"), staging.PingUuid);
        Assert.Equal(3, staging.CheckIns.Count);
        Assert.True(staging.ActiveIncident!.IsActive);
        Assert.Empty(staging.ResolvedIncidents);

        Assert.Equal(2, state.ProcessingErrors.Count);
        var invalid = state.ProcessingErrors[0];
        Assert.Equal(("0dff5a31e01c803b88ad60ed989888f8", "msg-0005-7c1e", Day.AddHours(11).AddMinutes(30).AddSeconds(1.25)), (invalid.Id, invalid.MessageId, invalid.ReceivedAt));
        Assert.Equal("bogus", invalid.Payload!.Value.GetProperty("status").GetString());
        var validation = Assert.Single(invalid.Errors);
        Assert.Equal(ProcessingErrorType.CheckInValidationFailed, validation.Type);
        Assert.Equal(["\"bogus\" is not a valid choice."], validation.Errors!["status"]);
        var tooLong = Assert.Single(state.ProcessingErrors[1].Errors);
        Assert.Equal((ProcessingErrorType.MonitorInvalidEnvironment, "Environment name too long"), (tooLong.Type, tooLong.Reason));
    }

    [Fact]
    public void Version_1_writes_what_the_code_before_the_stored_schema_wrote_with_the_schema_version_first()
    {
        var state = MonitorStateMapper.ToModel(Deserialize(SavedStateFixture.Json));

        var written = JsonSerializer.Serialize(MonitorStateMapper.ToStored(state), SavedStateFixture.ActorStateJson);

        Assert.Equal("{\"schemaVersion\":1," + SavedStateFixture.Json[1..], written);
    }

    [Fact]
    public void The_saved_state_round_trips_through_the_stored_schema()
    {
        var state = MonitorStateMapper.ToModel(Deserialize(SavedStateFixture.Json));

        AssertSameModel(state, RoundTrip(state));
    }

    [Fact]
    public void Every_field_round_trips_through_the_stored_schema()
    {
        // Every field away from its default, so a field the mapping drops or mixes up changes the result.
        var state = EveryFieldSet();

        var back = RoundTrip(state);

        AssertSameModel(state, back);
        Assert.Equal(state.Monitor!.Config, back.Monitor!.Config);
        Assert.Equal(state.Environments[0].CheckIns[0], back.Environments[0].CheckIns[0]);
        Assert.Equal(state.Environments[0].ResolvedIncidents[0], back.Environments[0].ResolvedIncidents[0]);
    }

    [Fact]
    public void A_config_saved_before_the_keys_sent_were_recorded_reads_without_them()
    {
        var json = SavedStateFixture.Json.Replace("\"setKeys\":31,", "", StringComparison.Ordinal);
        Assert.NotEqual(SavedStateFixture.Json, json);

        var config = MonitorStateMapper.ToModel(Deserialize(json)).Monitor!.Config;

        Assert.Null(config.SetKeys);
        Assert.Equal(ConfigKeys.CheckInMargin | ConfigKeys.MaxRuntime | ConfigKeys.Timezone | ConfigKeys.RecoveryThreshold, config.KeysSet);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0)]
    public void A_schema_version_this_code_does_not_know_fails_loudly(int version)
    {
        var stored = Deserialize($"{{\"schemaVersion\":{version}," + SavedStateFixture.Json[1..]);

        var error = Assert.Throws<UnsupportedSchemaVersionException>(() => MonitorStateMapper.ToModel(stored));

        Assert.Equal(version, error.Version);
        Assert.Contains($"monitor {SavedStateFixture.MonitorKey}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"schema version {version}", error.Message, StringComparison.Ordinal);
    }

    private static MonitorStateV1 Deserialize(string json) => JsonSerializer.Deserialize<MonitorStateV1>(json, SavedStateFixture.ActorStateJson)!;

    private static MonitorState RoundTrip(MonitorState state) =>
        MonitorStateMapper.ToModel(Deserialize(JsonSerializer.Serialize(MonitorStateMapper.ToStored(state), SavedStateFixture.ActorStateJson)));

    /// <summary>The model's records hold lists, which compare by reference; their JSON compares every value.</summary>
    private static void AssertSameModel(MonitorState expected, MonitorState actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));

    private static MonitorState EveryFieldSet()
    {
        var checkIn = new CheckIn
        {
            Id = Guid.Parse("0c7d3a52-6f0e-4a8b-9d21-5e4f3c2b1a09"),
            Status = CheckInStatus.Timeout,
            DurationMs = 1_800_000,
            DateAdded = Day.AddHours(3),
            DateUpdated = Day.AddHours(3).AddMinutes(10),
            DateClock = Day.AddHours(3).AddMinutes(1),
            DateInProgress = Day.AddHours(3).AddSeconds(2),
            ExpectedTime = Day.AddHours(3).AddSeconds(-1),
            TimeoutAt = Day.AddHours(3).AddMinutes(30),
            TraceId = "4bf92f3577b34da6a3ce929d0e0e4736",
            Body = "exit 137",
            MessageId = "m-1",
        };
        var resolved = new Incident
        {
            Id = "inc-1",
            Fingerprint = "crons:env-1",
            StartingCheckInId = Guid.Parse("1d8e4b63-7a1f-4b9c-8e32-6f5a4d3c2b10"),
            StartingTimestamp = Day.AddHours(1),
            ResolvingCheckInId = checkIn.Id,
            ResolvingTimestamp = Day.AddHours(2),
            DateAdded = Day.AddHours(1).AddMinutes(1),
        };
        return new MonitorState
        {
            ProjectId = 3,
            Slug = "weekly",
            Monitor = new MonitorDefinition
            {
                Guid = Guid.Parse("2e9f5c74-8b2a-4cad-9f43-7a6b5e4d3c21"),
                OrganizationId = 11,
                Name = "Weekly",
                Status = MonitorStatus.Disabled,
                Type = MonitorType.Unknown,
                Owner = "user:5",
                IsMuted = true,
                IsUpserting = true,
                Config = new MonitorConfig
                {
                    ScheduleType = ScheduleType.Interval,
                    Crontab = null,
                    IntervalCount = 2,
                    IntervalUnit = IntervalUnit.Week,
                    CheckInMargin = 7,
                    MaxRuntime = 45,
                    Timezone = "America/New_York",
                    FailureIssueThreshold = 3,
                    RecoveryThreshold = 4,
                    SetKeys = null,
                },
                DateAdded = Day,
            },
            Environments =
            [
                new MonitorEnvironment
                {
                    Id = "env-1",
                    Name = "prod",
                    Status = EnvironmentStatus.Disabled,
                    IsMuted = true,
                    LastCheckIn = Day.AddHours(3),
                    NextCheckIn = Day.AddDays(14),
                    NextCheckInLatest = Day.AddDays(14).AddMinutes(7),
                    DateAdded = Day.AddMinutes(1),
                    CheckIns = [checkIn],
                    ActiveIncident = resolved with { Id = "inc-2", ResolvingCheckInId = null, ResolvingTimestamp = null },
                    ResolvedIncidents = [resolved],
                    LastSuccessfulCheckIn = Day.AddHours(2),
                    IncidentCount = 2,
                    PingUuid = Guid.Parse("3fa06d85-9c3b-4dbe-a054-8b7c6f5e4d32"),
                    PingMethods = MonitorEnvironment.PingMethodsPost,
                },
            ],
            ProcessingErrors =
            [
                new ProcessingErrorRecord
                {
                    Id = "pe-1",
                    MessageId = "m-2",
                    ReceivedAt = Day.AddHours(4),
                    Payload = JsonSerializer.SerializeToElement(new { check_in_id = "x", duration = -1 }),
                    Errors =
                    [
                        new ProcessingError(ProcessingErrorType.CheckInEnvironmentMismatch) { ExistingEnvironment = "prod" },
                        new ProcessingError(ProcessingErrorType.CheckInGuidProjectMismatch) { Guid = "x" },
                        new ProcessingError(ProcessingErrorType.CheckInInvalidDuration) { Duration = "-1" },
                        ProcessingError.WithErrors(ProcessingErrorType.CheckInValidationFailed, new Dictionary<string, IReadOnlyList<string>>
                        {
                            ["status"] = ["bad"],
                            ["duration"] = ["negative", "too small"],
                        }),
                    ],
                },
            ],
            AppliedMessageIds = ["m-1", "m-2"],
            RateWindows = [new RateWindow("prod", Day.AddHours(4), 6)],
            EffectSequence = 17,
            LastReceivedAt = Day.AddHours(4),
        };
    }
}
