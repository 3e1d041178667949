namespace DaprEmulator.PubSub;

/// <summary>
/// The messages of one topic, split into partitions like a Kafka topic: the same partition key always
/// maps to the same partition, so a key's messages keep their order; keyless messages spread round robin.
/// </summary>
internal sealed class TopicLog
{
    private readonly Lock _lock = new();
    private readonly List<PublishedMessage>[] _partitions;
    private int _roundRobin;

    public TopicLog(string pubsubName, string topic, int partitions)
    {
        PubsubName = pubsubName;
        Topic = topic;
        _partitions = Enumerable.Range(0, partitions).Select(_ => new List<PublishedMessage>()).ToArray();
    }

    public string PubsubName { get; }

    public string Topic { get; }

    public int PartitionCount => _partitions.Length;

    public void Append(PublishedMessage message)
    {
        lock (_lock)
        {
            var p = message.PartitionKey is { } key
                ? (int)(Fnv1a(key) % (uint)_partitions.Length)
                : _roundRobin++ % _partitions.Length;
            message.Partition = p;
            message.Offset = _partitions[p].Count;
            _partitions[p].Add(message);
        }
    }

    public long Count(int partition)
    {
        lock (_lock)
        {
            return _partitions[partition].Count;
        }
    }

    public PublishedMessage At(int partition, long offset)
    {
        lock (_lock)
        {
            return _partitions[partition][(int)offset];
        }
    }

    public List<PublishedMessage> Read(int partition, long from, int max)
    {
        lock (_lock)
        {
            var list = _partitions[partition];
            var count = (int)Math.Min(max, list.Count - from);
            return count <= 0 ? [] : list.GetRange((int)from, count);
        }
    }

    private static uint Fnv1a(string s)
    {
        var hash = 2166136261u;
        foreach (var c in s)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
