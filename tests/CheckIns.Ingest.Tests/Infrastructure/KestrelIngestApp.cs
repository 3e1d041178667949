using DaprEmulator.Core;

namespace CheckIns.Ingest.Tests.Infrastructure;

/// <summary>The ingest app on a real loopback socket, so that requests can be replayed byte for byte.</summary>
public sealed class KestrelIngestApp : IAsyncDisposable
{
    private KestrelIngestApp(IngestAppFactory factory, Uri address)
    {
        Factory = factory;
        Address = address;
    }

    public IngestAppFactory Factory { get; }

    public Uri Address { get; }

    public string Host => $"{Address.Host}:{Address.Port}";

    public RecordingPublisher Publisher => Factory.Publisher;

    public static KestrelIngestApp Start()
    {
        // A port of our own and a listen option, as the emulator's app hosts do: WebApplicationFactory's port-0 path
        // rewrites the server's address list and, now and then, found the server already started and threw.
        var port = FreePort.Next();
        var factory = new IngestAppFactory();
        factory.UseKestrel(kestrel => kestrel.ListenLocalhost(port));
        factory.StartServer();
        return new KestrelIngestApp(factory, new Uri($"http://127.0.0.1:{port}"));
    }

    public Task<RawResponse> SendAsync(byte[] request) =>
        RawHttp.SendAsync(Address, request, TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}

/// <summary>
/// Hosts on real sockets start alone: a WebApplicationFactory that switches to Kestrel while
/// other factories build their hosts in parallel can pick up their server addresses.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KestrelCollection
{
    public const string Name = "Kestrel";
}
