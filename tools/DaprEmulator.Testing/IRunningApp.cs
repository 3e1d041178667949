namespace DaprEmulator.Testing;

/// <summary>One started instance of an app under test, however it is hosted.</summary>
internal interface IRunningApp : IAsyncDisposable
{
    Uri Address { get; }

    IServiceProvider Services { get; }
}
