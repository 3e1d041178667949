namespace DaprEmulator.PubSub;

/// <summary>A message as the durable broker keeps it on disk (its pub/sub, topic, partition and offset are columns of their own).</summary>
internal static class PublishedMessageCodec
{
    public static byte[] Encode(PublishedMessage m)
    {
        using var buffer = new MemoryStream(m.Data.Length + (m.CloudEventBytes?.Length ?? 0) + 128);
        using (var w = new BinaryWriter(buffer))
        {
            w.Write(m.PublisherAppId);
            w.Write(m.Id);
            w.Write(m.DataContentType);
            w.Write(m.PublishedAt.UtcTicks);
            w.Write(m.PartitionKey is not null);
            w.Write(m.PartitionKey ?? string.Empty);
            w.Write(m.Metadata.Count);
            foreach (var (k, v) in m.Metadata)
            {
                w.Write(k);
                w.Write(v);
            }

            w.Write(m.Data.Length);
            w.Write(m.Data.Span);
            w.Write(m.CloudEventBytes?.Length ?? -1);
            if (m.CloudEventBytes is { } ce)
            {
                w.Write(ce);
            }
        }

        return buffer.ToArray();
    }

    public static PublishedMessage Decode(string pubsub, string topic, int partition, long offset, byte[] body)
    {
        using var r = new BinaryReader(new MemoryStream(body));
        var publisher = r.ReadString();
        var id = r.ReadString();
        var contentType = r.ReadString();
        var publishedAt = new DateTimeOffset(r.ReadInt64(), TimeSpan.Zero);
        var hasKey = r.ReadBoolean();
        var key = r.ReadString();
        var count = r.ReadInt32();
        var metadata = new Dictionary<string, string>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            metadata[r.ReadString()] = r.ReadString();
        }

        var data = r.ReadBytes(r.ReadInt32());
        var ceLength = r.ReadInt32();
        var cloudEvent = ceLength < 0 ? null : r.ReadBytes(ceLength);
        return new PublishedMessage(pubsub, topic, publisher, id, data, contentType, cloudEvent, metadata, hasKey ? key : null, publishedAt)
        {
            Partition = partition,
            Offset = offset,
        };
    }
}
