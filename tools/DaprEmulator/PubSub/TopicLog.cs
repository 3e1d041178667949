namespace DaprEmulator.PubSub;

/// <summary>
/// The messages of one topic, split into partitions like a Kafka topic: the same partition key always
/// maps to the same partition, so a key's messages keep their order; keyless messages spread round robin.
/// With a durable broker a message first gets its place (<see cref="Reserve"/>), is written to disk, and only
/// then becomes visible to consumers (<see cref="Publish"/>), in the same order. A partition restored from disk
/// starts at the first offset some consumer group still needs (<see cref="First"/>).
/// </summary>
internal sealed class TopicLog
{
    private readonly Lock _lock = new();
    private readonly List<PublishedMessage>[] _partitions;
    private readonly long[] _first;
    private readonly int[] _reserved;
    private int _roundRobin;

    public TopicLog(string pubsubName, string topic, int partitions)
    {
        PubsubName = pubsubName;
        Topic = topic;
        _partitions = Enumerable.Range(0, partitions).Select(_ => new List<PublishedMessage>()).ToArray();
        _first = new long[partitions];
        _reserved = new int[partitions];
    }

    public string PubsubName { get; }

    public string Topic { get; }

    public int PartitionCount => _partitions.Length;

    /// <summary>Places and appends a message at once (the in-memory broker).</summary>
    public void Append(PublishedMessage message)
    {
        lock (_lock)
        {
            Place(message);
            _partitions[message.Partition].Add(message);
        }
    }

    /// <summary>Gives the message its partition and offset without showing it to consumers yet.</summary>
    public void Reserve(PublishedMessage message)
    {
        lock (_lock)
        {
            Place(message);
            _reserved[message.Partition]++;
        }
    }

    /// <summary>A reserved message is on disk: consumers may read it. Called in the order of <see cref="Reserve"/>.</summary>
    public void Publish(PublishedMessage message)
    {
        lock (_lock)
        {
            _reserved[message.Partition]--;
            _partitions[message.Partition].Add(message);
        }
    }

    /// <summary>The write of the reserved messages failed: their offsets are given out again.</summary>
    public void CancelReservations()
    {
        lock (_lock)
        {
            Array.Clear(_reserved);
        }
    }

    /// <summary>Loads a partition from disk: <paramref name="messages"/> are contiguous from <paramref name="first"/>.</summary>
    public void Restore(int partition, long first, IEnumerable<PublishedMessage> messages)
    {
        lock (_lock)
        {
            _first[partition] = first;
            _partitions[partition].AddRange(messages);
        }
    }

    /// <summary>The oldest offset the partition still holds.</summary>
    public long First(int partition)
    {
        lock (_lock)
        {
            return _first[partition];
        }
    }

    /// <summary>The offset after the last visible message.</summary>
    public long Count(int partition)
    {
        lock (_lock)
        {
            return _first[partition] + _partitions[partition].Count;
        }
    }

    public PublishedMessage At(int partition, long offset)
    {
        lock (_lock)
        {
            return _partitions[partition][(int)(offset - _first[partition])];
        }
    }

    public List<PublishedMessage> Read(int partition, long from, int max)
    {
        lock (_lock)
        {
            var list = _partitions[partition];
            var index = from - _first[partition];
            var count = (int)Math.Min(max, list.Count - index);
            return count <= 0 ? [] : list.GetRange((int)index, count);
        }
    }

    private void Place(PublishedMessage message)
    {
        var p = message.PartitionKey is { } key
            ? (int)(Fnv1a(key) % (uint)_partitions.Length)
            : _roundRobin++ % _partitions.Length;
        message.Partition = p;
        message.Offset = _first[p] + _partitions[p].Count + _reserved[p];
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
