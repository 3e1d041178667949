using System.Collections.Concurrent;

namespace DaprEmulator.Tests.Support;

/// <summary>What a test app received, readable by the test; waiting polls with a bounded timeout.</summary>
public sealed class Recorder<T>
{
    private readonly ConcurrentQueue<T> _items = new();

    public IReadOnlyList<T> Items => _items.ToList();

    public int Count => _items.Count;

    public void Add(T item) => _items.Enqueue(item);

    public async Task WaitForCountAsync(int count, CancellationToken ct, TimeSpan? timeout = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            while (_items.Count < count)
            {
                await Task.Delay(10, cts.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"expected {count} items, got {_items.Count}");
        }
    }
}
