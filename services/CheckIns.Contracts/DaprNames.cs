namespace CheckIns.Contracts;

/// <summary>
/// Names of Dapr components, topics and app ids. Code names components, never brokers:
/// a platform team swaps Kafka, Redis or Postgres by editing the component YAML.
/// </summary>
public static class DaprNames
{
    public const string CheckInsPubSub = "checkins-pubsub";
    public const string IncidentsPubSub = "incidents-pubsub";
    public const string ActorStateStore = "monitor-state";
    public const string IncidentsStateStore = "incidents-state";
}

public static class Topics
{
    public const string IngestMonitors = "ingest-monitors";
    public const string IngestMonitorsDeadLetter = "ingest-monitors-deadletter";
    public const string MonitorsStatus = "monitors-status";
    public const string MonitorsStatusDeadLetter = "monitors-status-deadletter";

    /// <summary>Sentry-shaped occurrences and status changes, on <see cref="DaprNames.IncidentsPubSub"/> (SEMANTICS R118, R120).</summary>
    public const string IngestOccurrences = "ingest-occurrences";
}

public static class AppIds
{
    public const string Ingest = "ingest";
    public const string Processor = "processor";
    public const string Incidents = "incidents";
    public const string Dashboard = "dashboard";
}

public static class PubSubMetadata
{
    /// <summary>Kafka message key; keeps one monitor's check-ins in order on one partition.</summary>
    public const string PartitionKey = "partitionKey";
}
