using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace DaprEmulator.Storage;

/// <summary>
/// The emulator's data on disk, for the local run: one SQLite database in WAL mode with <c>synchronous=FULL</c>,
/// so a committed write survives a crash of the process and of the machine. Two tables: <c>kv</c>, a generic
/// key/value table split by namespace (state stores, reminders, consumer-group offsets; anything else that
/// must survive, e.g. workflow instances, takes a namespace of its own), and <c>messages</c>, the broker's log.
/// <para>
/// One writer, with group commit: every write waits in a queue, the writer takes all that are waiting, applies
/// them in one transaction and one fsync, then completes them in queue order. Concurrent publishes and state
/// saves share a commit, so the cost of an fsync is paid once per batch, not once per request.
/// </para>
/// </summary>
public sealed class DurableStore : IDisposable
{
    public const string DatabaseFileName = "emulator.db";
    private const string LockFileName = "emulator.lock";
    private const int MaxUnitsPerCommit = 4096;

    private readonly Channel<WriteUnit> _queue = Channel.CreateUnbounded<WriteUnit>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _writer;
    private readonly SqliteConnection _reader;
    private readonly Lock _readLock = new();
    private readonly FileStream _lockFile;
    private readonly ILogger _logger;
    private readonly Task _loop;
    private readonly DurableWrite _write;
    private long _commits;
    private long _writes;

    private DurableStore(string directory, FileStream lockFile, SqliteConnection writer, SqliteConnection reader, ILogger logger)
    {
        Directory = directory;
        _lockFile = lockFile;
        _writer = writer;
        _reader = reader;
        _logger = logger;
        _write = new DurableWrite(writer);
        _loop = Task.Run(WriteLoopAsync);
    }

    /// <summary>The data folder.</summary>
    public string Directory { get; }

    /// <summary>Transactions committed so far (each one fsync), and the writes they carried: their ratio is the group commit.</summary>
    public (long Commits, long Writes) Stats => (Interlocked.Read(ref _commits), Interlocked.Read(ref _writes));

    /// <summary>Opens (or creates) the data folder; fails if another emulator holds it.</summary>
    public static DurableStore Open(string directory, ILogger logger)
    {
        System.IO.Directory.CreateDirectory(directory);
        var lockFile = TakeLock(directory);

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, DatabaseFileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString();
        var writer = new SqliteConnection(connectionString);
        var reader = new SqliteConnection(connectionString);
        try
        {
            writer.Open();
            Execute(writer, """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = FULL;
                CREATE TABLE IF NOT EXISTS kv (
                    ns TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL,
                    PRIMARY KEY (ns, key)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS messages (
                    pubsub TEXT NOT NULL, topic TEXT NOT NULL, partition INTEGER NOT NULL, offset INTEGER NOT NULL, body BLOB NOT NULL,
                    PRIMARY KEY (pubsub, topic, partition, offset)) WITHOUT ROWID;
                """);
            reader.Open();
        }
        catch (SqliteException ex)
        {
            writer.Dispose();
            reader.Dispose();
            lockFile.Dispose();
            throw new DurableStoreException($"cannot open the emulator's database in {directory}: {ex.Message}", ex);
        }

        return new DurableStore(directory, lockFile, writer, reader, logger);
    }

    /// <summary>Deletes the emulator's data in <paramref name="directory"/> (the database and its WAL files); fails if an emulator holds it.</summary>
    public static void Wipe(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return;
        }

        using var lockFile = TakeLock(directory);
        foreach (var name in new[] { DatabaseFileName, DatabaseFileName + "-wal", DatabaseFileName + "-shm" })
        {
            var file = Path.Combine(directory, name);
            if (File.Exists(file))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>
    /// Queues a write; the task completes once it is committed to disk (with the others of its batch), or fails
    /// with <see cref="DurableStoreException"/>. Writes are applied in the order they were queued.
    /// </summary>
    public Task WriteAsync(Action<DurableWrite> write)
    {
        var unit = new WriteUnit(write, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(unit))
        {
            unit.Done.SetException(new DurableStoreException("the emulator's store is closed"));
        }

        return unit.Done.Task;
    }

    /// <summary>Every key and value of a namespace, as committed.</summary>
    public List<KeyValuePair<string, byte[]>> ReadAll(string ns)
    {
        lock (_readLock)
        {
            using var command = _reader.CreateCommand();
            command.CommandText = "SELECT key, value FROM kv WHERE ns = $ns";
            command.Parameters.AddWithValue("$ns", ns);
            using var rows = command.ExecuteReader();
            var result = new List<KeyValuePair<string, byte[]>>();
            while (rows.Read())
            {
                result.Add(KeyValuePair.Create(rows.GetString(0), (byte[])rows.GetValue(1)));
            }

            return result;
        }
    }

    /// <summary>The broker's log, in order of pub/sub, topic, partition and offset.</summary>
    public List<StoredMessage> ReadMessages()
    {
        lock (_readLock)
        {
            using var command = _reader.CreateCommand();
            command.CommandText = "SELECT pubsub, topic, partition, offset, body FROM messages ORDER BY pubsub, topic, partition, offset";
            using var rows = command.ExecuteReader();
            var result = new List<StoredMessage>();
            while (rows.Read())
            {
                result.Add(new StoredMessage(rows.GetString(0), rows.GetString(1), rows.GetInt32(2), rows.GetInt64(3), (byte[])rows.GetValue(4)));
            }

            return result;
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(30));
        }
        catch (AggregateException ex)
        {
            _logger.LogError(ex, "The emulator's store writer failed");
        }

        _write.Dispose();
        _writer.Dispose();
        _reader.Dispose();
        _lockFile.Dispose();
    }

    private static FileStream TakeLock(string directory)
    {
        try
        {
            // FileShare.None takes an exclusive lock (flock on Unix) for as long as the emulator runs.
            return new FileStream(Path.Combine(directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new DurableStoreException($"the data folder {directory} is in use by another emulator ({ex.Message})", ex);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<WriteUnit>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxUnitsPerCommit && _queue.Reader.TryRead(out var unit))
            {
                batch.Add(unit);
            }

            Commit(batch);
            batch.Clear();
        }
    }

    private void Commit(List<WriteUnit> batch)
    {
        try
        {
            using var transaction = _writer.BeginTransaction();
            _write.Begin(transaction);
            foreach (var unit in batch)
            {
                unit.Write(_write);
            }

            transaction.Commit();
        }
        catch (Exception ex)
        {
            // Nothing of the batch is on disk: every write of it fails, and the caller answers an error (a publisher
            // retries, an app answers 5xx), so nothing is acknowledged that is not stored.
            _logger.LogError(ex, "The emulator's store could not commit {Count} writes", batch.Count);
            _write.RolledBack();
            var error = new DurableStoreException($"the emulator's store could not write to {Directory}: {ex.Message}", ex);
            foreach (var unit in batch)
            {
                unit.Done.TrySetException(error);
            }

            return;
        }

        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _writes, batch.Count);
        _write.Committed(_logger);
        foreach (var unit in batch)
        {
            unit.Done.TrySetResult();
        }
    }

    private sealed record WriteUnit(Action<DurableWrite> Write, TaskCompletionSource Done);
}

/// <summary>A row of the broker's log.</summary>
public sealed record StoredMessage(string Pubsub, string Topic, int Partition, long Offset, byte[] Body);

public sealed class DurableStoreException(string message, Exception? inner = null) : Exception(message, inner);
