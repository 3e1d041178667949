using System.Collections.Concurrent;
using System.Text;

namespace DaprEmulator.Tests.Runner;

/// <summary>A TextWriter a test can read while the runner writes to it from other threads.</summary>
public sealed class LinesWriter : TextWriter
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly StringBuilder _current = new();

    public override Encoding Encoding => Encoding.UTF8;

    public IReadOnlyList<string> Lines => _lines.ToList();

    public override void Write(char value)
    {
        lock (_current)
        {
            if (value == '\n')
            {
                _lines.Enqueue(_current.ToString().TrimEnd('\r'));
                _current.Clear();
            }
            else
            {
                _current.Append(value);
            }
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_current)
        {
            _lines.Enqueue(_current + (value ?? string.Empty));
            _current.Clear();
        }
    }

    public async Task WaitForLineAsync(Func<string, bool> match, CancellationToken ct, TimeSpan? timeout = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            while (!_lines.Any(match))
            {
                await Task.Delay(50, cts.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException("expected line not written; output was:\n" + string.Join('\n', _lines));
        }
    }
}
