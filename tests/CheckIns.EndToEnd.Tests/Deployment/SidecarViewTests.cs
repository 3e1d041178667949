using CheckIns.Contracts;
using DaprEmulator.Core;
using DaprEmulator.Resources;
using DaprEmulator.Testing;

namespace CheckIns.EndToEnd.Tests.Deployment;

/// <summary>
/// Each folder as each app's sidecar sees it, through the emulator's resource loader (which applies daprd's
/// rules: top-level files only, scopes, one actor state store): every app finds exactly what its code uses.
/// </summary>
public sealed class SidecarViewTests
{
    public static TheoryData<string> Folders => new("components", "components/kafka");

    [Theory]
    [MemberData(nameof(Folders))]
    public void Ingest_sees_only_the_checkins_pubsub(string folder)
    {
        var view = ResourceLoader.Load(AppIds.Ingest, [RepositoryRoot.PathOf(folder)]);

        Assert.Equal([DaprNames.CheckInsPubSub], view.Components.Select(c => c.Name));
        Assert.Null(view.ActorStateStore);
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void Processor_sees_its_pubsub_and_the_actor_state_store(string folder)
    {
        var view = ResourceLoader.Load(AppIds.Processor, [RepositoryRoot.PathOf(folder)]);

        Assert.Equal(DaprNames.CheckInsPubSub, view.RequirePubSub(DaprNames.CheckInsPubSub).Name);
        Assert.Equal(DaprNames.ActorStateStore, view.ActorStateStore?.Name);
        Assert.Throws<DaprApiException>(() => view.RequirePubSub(DaprNames.IncidentsPubSub));
        Assert.Throws<DaprApiException>(() => view.RequireStateStore(DaprNames.IncidentsStateStore));
        Assert.NotNull(view.InboundRetryFor(DaprNames.CheckInsPubSub));
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void Incidents_sees_both_pubsubs_and_its_own_store_but_not_the_actor_store(string folder)
    {
        var view = ResourceLoader.Load(AppIds.Incidents, [RepositoryRoot.PathOf(folder)]);

        Assert.Equal(DaprNames.CheckInsPubSub, view.RequirePubSub(DaprNames.CheckInsPubSub).Name);
        Assert.Equal(DaprNames.IncidentsPubSub, view.RequirePubSub(DaprNames.IncidentsPubSub).Name);
        Assert.Equal(DaprNames.IncidentsStateStore, view.RequireStateStore(DaprNames.IncidentsStateStore).Name);
        Assert.Null(view.ActorStateStore);
        Assert.Throws<DaprApiException>(() => view.RequireStateStore(DaprNames.ActorStateStore));
    }

    [Fact]
    public void The_default_folder_does_not_pick_up_the_kafka_set()
    {
        var view = ResourceLoader.Load(AppIds.Incidents, [RepositoryRoot.PathOf("components")]);

        Assert.All(view.AllComponents, c => Assert.DoesNotContain("kafka", c.Type, StringComparison.Ordinal));
    }
}
