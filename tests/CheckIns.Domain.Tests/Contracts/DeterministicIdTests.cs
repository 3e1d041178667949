using CheckIns.Contracts;

namespace CheckIns.Domain.Tests.Contracts;

/// <summary>Ids are persisted and published: they must never change for the same inputs.</summary>
public sealed class DeterministicIdTests
{
    [Fact]
    public void Ids_ArePinnedAcrossVersions()
    {
        Assert.Equal(PinnedMonitorGuid, DeterministicIds.MonitorGuid(1, "my-job").ToString());
    }

    private const string PinnedMonitorGuid = "471a63ca-7869-83fb-a147-35858e4cde1b";

    /// <summary>Every derivation, pinned: each of these is stored in monitor states or published in events.</summary>
    [Fact]
    public void Every_derivation_is_pinned()
    {
        var monitor = DeterministicIds.MonitorGuid(1, "my-job");
        var environment = DeterministicIds.EnvironmentId(monitor, "production");

        Assert.Equal("4bb7cf0c4155817085998412c47f6c36", environment);
        Assert.Equal("crons:4bb7cf0c4155817085998412c47f6c36", DeterministicIds.Fingerprint(environment));
        Assert.Equal("8f0cca46402282228a3f1d5af0c74673", DeterministicIds.IncidentId(environment, 3));
        Assert.Equal("1385d406-4c12-8ed8-9d90-69cb0a740a04", DeterministicIds.CheckInForMessage("msg-42").ToString());
        Assert.Equal(
            "f4ef930f-df98-8e68-b9bf-b4466e58db74",
            DeterministicIds.MissedCheckIn(environment, new DateTimeOffset(2024, 1, 1, 10, 0, 0, TimeSpan.Zero)).ToString());
        Assert.Equal("d58383d9ad5b8f92a4557cb0590902ff", DeterministicIds.ErrorRecordId("bad-1"));
    }

    /// <summary>The issue-message ids (SHA-256 of the purpose and the source event id), pinned as the incidents app published them.</summary>
    [Fact]
    public void Issue_message_ids_are_pinned()
    {
        Assert.Equal("931348a73dda0e9b75b035152f2ed4c7", DeterministicIds.For(DeterministicIds.Occurrence, "evt-1"));
        Assert.Equal("3492f21eec1f24fa0b042ba1bd479c63", DeterministicIds.For(DeterministicIds.Event, "evt-1"));
        Assert.Equal("730e61abd161cbc4fc639044cf4a837c", DeterministicIds.For(DeterministicIds.StatusChange, "evt-1"));
    }

    /// <summary>Inputs longer than the stack buffer and outside ASCII take the same hash.</summary>
    [Fact]
    public void A_long_non_ascii_input_is_pinned()
    {
        Assert.Equal(
            "50c30307-03be-8a01-988a-f18e1251269c",
            DeterministicIds.Guid("k", new string('a', 300), "é€").ToString());
    }

    [Fact]
    public void Ids_AreVersion8AndDistinct()
    {
        var ids = new HashSet<Guid>();
        for (var project = 0; project < 50; project++)
        {
            for (var slug = 0; slug < 50; slug++)
            {
                var id = DeterministicIds.MonitorGuid(project, $"job-{slug}");
                Assert.Equal(8, id.Version);
                Assert.True(ids.Add(id));
            }
        }

        Assert.NotEqual(DeterministicIds.Fingerprint("a"), DeterministicIds.Fingerprint("b"));
        Assert.Equal("crons:a", DeterministicIds.Fingerprint("a"));
        Assert.NotEqual(DeterministicIds.CheckInForMessage("m1"), DeterministicIds.CheckInForMessage("m2"));
    }
}
