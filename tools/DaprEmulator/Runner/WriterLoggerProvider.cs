using Microsoft.Extensions.Logging;

namespace DaprEmulator.Runner;

/// <summary>Sends the emulator's own logs to the runner's output, prefixed like the apps' lines.</summary>
internal sealed class WriterLoggerProvider(PrefixedWriter writer, LogLevel minimum) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new WriterLogger(writer, minimum);

    public void Dispose()
    {
    }

    private sealed class WriterLogger(PrefixedWriter writer, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                writer.Emulator($"{logLevel}: {formatter(state, exception)}{(exception is null ? string.Empty : " " + exception.Message)}");
            }
        }
    }
}
