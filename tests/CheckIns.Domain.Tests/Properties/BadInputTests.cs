using System.Text.Json.Nodes;
using CsCheck;

namespace CheckIns.Domain.Tests.Properties;

/// <summary>Any payload, however malformed, comes back as an outcome: never an exception, never the engine's safety net.</summary>
public sealed class BadInputTests
{
    private static readonly DateTimeOffset T0 = At("2024-01-01T10:00:30Z");

    private static readonly Gen<JsonNode?> Scalar = Gen.OneOf<JsonNode?>(
        Gen.Const((JsonNode?)null),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i)),
        Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)),
        Gen.Double[-1e12, 1e12].Select(d => (JsonNode?)JsonValue.Create(d)),
        Gen.OneOfConst("ok", "error", "in_progress", "missed", "", "00000000-0000-0000-0000-000000000000", "6ba7b8109dad11d180b400c04fd430c8",
            "* * * * *", "@daily", "crontab", "interval", "minute", "month", "Europe/Berlin", "user:1", "a/b", "x\ny", new string('e', 70))
            .Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.String.Select(s => (JsonNode?)JsonValue.Create(s)));

    private static readonly string[] s_checkInKeys = ["check_in_id", "status", "environment", "duration", "contexts", "monitor_slug"];
    private static readonly string[] s_configKeys = ["schedule", "schedule_type", "checkin_margin", "max_runtime", "timezone", "failure_issue_threshold", "recovery_threshold", "owner"];

    private static Gen<JsonNode?> Value(string[] keys, int depth) => depth == 0
        ? Scalar
        : Gen.Frequency(
            (6, Scalar),
            (1, Object(keys, depth - 1).Select(o => (JsonNode?)o)),
            (1, Scalar.Array[0, 3].Select(a => (JsonNode?)new JsonArray(a.Select(n => n?.DeepClone()).ToArray()))));

    private static Gen<JsonObject> Object(string[] keys, int depth) =>
        Gen.Select(Gen.Int[0, (1 << keys.Length) - 1], Value(keys, depth).Array[keys.Length], (mask, values) =>
        {
            var obj = new JsonObject();
            for (var i = 0; i < keys.Length; i++)
            {
                if ((mask & (1 << i)) != 0)
                {
                    obj[keys[i]] = values[i]?.DeepClone();
                }
            }

            return obj;
        });

    private static readonly Gen<JsonNode> Payload = Gen.Select(Object(s_checkInKeys, 1), Gen.Frequency((1, Gen.Const((JsonObject?)null)), (2, Object(s_configKeys, 1).Select(o => (JsonObject?)o))), (checkIn, config) =>
    {
        if (config is not null)
        {
            checkIn["monitor_config"] = config;
        }

        return (JsonNode)checkIn;
    });

    [Fact]
    public void AnyPayload_YieldsAnOutcome_AndRejectionsAreTypedAndLeaveCheckInsAlone() =>
        Payload.Array[1, 8].Sample(payloads =>
        {
            var h = new Harness(new EngineOptions { RateLimitPerMinute = 100 });
            h.Send(T0, CheckIn("in_progress", id: NewGuid(1), config: EveryMinute));
            var at = T0;
            foreach (var payload in payloads)
            {
                at = at.AddSeconds(7);
                var before = h.State!;
                var outcome = h.Send(at, Json(payload.ToJsonString()));
                if (outcome.Kind == CheckInOutcomeKind.Rejected)
                {
                    var errors = outcome.Error!.Errors;
                    Assert.NotEmpty(errors);
                    Assert.DoesNotContain(errors, e => e.Errors?.Values.Any(m => m.Contains("The check-in could not be processed.")) == true);
                    foreach (var env in before.Environments)
                    {
                        Assert.Same(env, h.State!.FindEnvironment(env.Name));
                    }
                }

                h.Tick(at.AddMinutes(3));
            }
        }, iter: 500);

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("""{"check_in_id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","status":"ok","monitor_config":"* * * * *"}""")]
    [InlineData("""{"check_in_id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","status":"ok","monitor_config":{"schedule":[99999999,"year"],"schedule_type":"interval"}}""")]
    [InlineData("""{"check_in_id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","status":"ok","duration":1e300}""")]
    [InlineData("""{"check_in_id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","status":"ok","duration":true}""")]
    public void OddPayloads_AreRejectedWithTypedErrors(string payload)
    {
        var h = new Harness();
        var outcome = h.Send(T0, Json(payload));
        Assert.Equal(CheckInOutcomeKind.Rejected, outcome.Kind);
        Assert.NotEmpty(outcome.Error!.Errors);
    }
}
