namespace CheckIns.Processor.Storage;

/// <summary>
/// A saved state names a schema version this code cannot read: one written by a newer processor (read with older
/// code, it would lose what the newer version added) or a corrupt one. Never read as a known version.
/// </summary>
public sealed class UnsupportedSchemaVersionException : Exception
{
    public UnsupportedSchemaVersionException()
    {
    }

    public UnsupportedSchemaVersionException(string message)
        : base(message)
    {
    }

    public UnsupportedSchemaVersionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UnsupportedSchemaVersionException(string what, int version, int newestKnown)
        : base($"{what} was saved with schema version {version}; this processor reads versions 1 to {newestKnown}. "
            + "A state saved by a newer processor needs that processor (or a newer one) to read it.")
    {
        Version = version;
    }

    /// <summary>The version the state names.</summary>
    public int? Version { get; }
}
