namespace DaprEmulator.State;

/// <summary>A state entry as the durable store keeps it: ETag, expiry and value.</summary>
internal static class StateEntryCodec
{
    public static byte[] Encode(StateEntry entry)
    {
        using var buffer = new MemoryStream(entry.Value.Length + 32);
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(entry.ETag);
            writer.Write(entry.ExpiresAt?.UtcTicks ?? 0L);
            writer.Write(entry.Value.Length);
            writer.Write(entry.Value);
        }

        return buffer.ToArray();
    }

    public static StateEntry Decode(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        var etag = reader.ReadString();
        var expires = reader.ReadInt64();
        var value = reader.ReadBytes(reader.ReadInt32());
        return new StateEntry(value, etag, expires == 0 ? null : new DateTimeOffset(expires, TimeSpan.Zero));
    }
}
