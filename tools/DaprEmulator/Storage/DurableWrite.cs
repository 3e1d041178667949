using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace DaprEmulator.Storage;

/// <summary>
/// What a write may do inside the store's current transaction. Actions registered with <see cref="OnCommitted"/>
/// run on the writer, in queue order, once the transaction is on disk (e.g. making a message visible to
/// consumers); those registered with <see cref="OnRolledBack"/> run if it is not.
/// </summary>
public sealed class DurableWrite : IDisposable
{
    private readonly SqliteCommand _put;
    private readonly SqliteCommand _delete;
    private readonly SqliteCommand _append;
    private readonly SqliteCommand _prune;
    private readonly List<Action> _committed = [];
    private readonly List<Action> _rolledBack = [];

    internal DurableWrite(SqliteConnection connection)
    {
        _put = Prepare(connection, "INSERT INTO kv (ns, key, value) VALUES ($a, $b, $c) ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value", 3);
        _delete = Prepare(connection, "DELETE FROM kv WHERE ns = $a AND key = $b", 2);
        _append = Prepare(connection, "INSERT OR REPLACE INTO messages (pubsub, topic, partition, offset, body) VALUES ($a, $b, $c, $d, $e)", 5);
        _prune = Prepare(connection, "DELETE FROM messages WHERE pubsub = $a AND topic = $b AND partition = $c AND offset < $d", 4);
    }

    public void Put(string ns, string key, byte[] value) => Run(_put, ns, key, value);

    public void Delete(string ns, string key) => Run(_delete, ns, key);

    public void AppendMessage(string pubsub, string topic, int partition, long offset, byte[] body) => Run(_append, pubsub, topic, partition, offset, body);

    /// <summary>Drops the messages of a partition below <paramref name="offset"/> (every consumer group is past them).</summary>
    public void PruneMessages(string pubsub, string topic, int partition, long offset) => Run(_prune, pubsub, topic, partition, offset);

    public void OnCommitted(Action action) => _committed.Add(action);

    public void OnRolledBack(Action action) => _rolledBack.Add(action);

    public void Dispose()
    {
        _put.Dispose();
        _delete.Dispose();
        _append.Dispose();
        _prune.Dispose();
    }

    internal void Begin(SqliteTransaction transaction)
    {
        _committed.Clear();
        _rolledBack.Clear();
        foreach (var command in new[] { _put, _delete, _append, _prune })
        {
            command.Transaction = transaction;
        }
    }

    internal void Committed(ILogger logger)
    {
        foreach (var action in _committed)
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "An action after a commit of the emulator's store failed");
            }
        }

        _committed.Clear();
        _rolledBack.Clear();
    }

    internal void RolledBack()
    {
        foreach (var action in _rolledBack)
        {
            action();
        }

        _committed.Clear();
        _rolledBack.Clear();
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < parameters; i++)
        {
            command.Parameters.Add(new SqliteParameter("$" + (char)('a' + i), null));
        }

        return command;
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
    }
}
