namespace DaprEmulator.Runner;

/// <summary>Writes lines with the app-id prefix <c>dapr run -f</c> uses, one line at a time so apps do not interleave mid-line.</summary>
public sealed class PrefixedWriter(TextWriter output)
{
    private readonly Lock _lock = new();

    public void App(string appId, string line) => Write($"== APP - {appId} == {line}");

    public void Emulator(string line) => Write($"== DAPR EMULATOR == {line}");

    private void Write(string line)
    {
        lock (_lock)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}
