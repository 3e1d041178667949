namespace DaprEmulator.Grpc;

/// <summary>
/// Fault injection on the sidecars' gRPC API: methods that an older runtime does not have, and answers that are
/// slow to come back, so that a test can hold a call in flight.
/// </summary>
public sealed class GrpcApiFaults
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _unimplemented = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource> _held = new(StringComparer.Ordinal);

    /// <summary>The method answers UNIMPLEMENTED, as a runtime that predates it does (BulkPublishEvent before Dapr 1.17).</summary>
    public void Unimplement(string method)
    {
        lock (_lock)
        {
            _unimplemented.Add(method);
        }
    }

    /// <summary>Calls of the method do their work, then wait to be answered until <see cref="Release"/>.</summary>
    public void Hold(string method)
    {
        lock (_lock)
        {
            _held.TryAdd(method, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }

    public void Release(string method)
    {
        TaskCompletionSource? gate;
        lock (_lock)
        {
            _held.Remove(method, out gate);
        }

        gate?.SetResult();
    }

    public void Clear()
    {
        List<TaskCompletionSource> gates;
        lock (_lock)
        {
            _unimplemented.Clear();
            gates = [.. _held.Values];
            _held.Clear();
        }

        gates.ForEach(g => g.SetResult());
    }

    internal bool IsUnimplemented(string method)
    {
        lock (_lock)
        {
            return _unimplemented.Contains(method);
        }
    }

    internal Task AnsweredAsync(string method, CancellationToken ct)
    {
        lock (_lock)
        {
            return _held.TryGetValue(method, out var gate) ? gate.Task.WaitAsync(ct) : Task.CompletedTask;
        }
    }
}
