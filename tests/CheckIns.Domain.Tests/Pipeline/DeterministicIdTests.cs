using CheckIns.Domain;

namespace CheckIns.Domain.Tests.Pipeline;

/// <summary>Ids are persisted and published: they must never change for the same inputs.</summary>
public sealed class DeterministicIdTests
{
    [Fact]
    public void Ids_ArePinnedAcrossVersions()
    {
        Assert.Equal(PinnedMonitorGuid, DeterministicIds.MonitorGuid(1, "my-job").ToString());
    }

    private const string PinnedMonitorGuid = "471a63ca-7869-83fb-a147-35858e4cde1b";

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
