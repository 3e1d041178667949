using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

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
        var factory = new IngestAppFactory();
        factory.UseKestrel(0);
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        var address = new Uri(addresses.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal)
            .Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        return new KestrelIngestApp(factory, address);
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
