using System.Net;
using System.Text.Json;
using DaprEmulator.Grpc;
using DaprEmulator.Http;
using DaprEmulator.PubSub;
using DaprEmulator.Resources;
using DaprEmulator.Secrets;
using DaprEmulator.Workflows;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DaprEmulator.Core;

/// <summary>One emulated daprd: the HTTP API and the gRPC API on loopback ports, for one app id.</summary>
public sealed class DaprSidecar : IAsyncDisposable
{
    private readonly ILogger _logger;
    private WebApplication? _host;
    private AppInstance? _app;

    internal DaprSidecar(DaprCluster cluster, string appId, ResourceSet resources)
    {
        Cluster = cluster;
        AppId = appId;
        Resources = resources;
        SecretStores = new SecretStoreSet(resources);
        _logger = cluster.LoggerFactory.CreateLogger($"DaprEmulator.Sidecar.{appId}");
    }

    public DaprCluster Cluster { get; }

    public string AppId { get; }

    public ResourceSet Resources { get; }

    /// <summary>The secret stores, read at start; <see cref="SecretStoreSet.Reload"/> reads their files again.</summary>
    public SecretStoreSet SecretStores { get; }

    public int HttpPort { get; private set; }

    public int GrpcPort { get; private set; }

    public string HttpEndpoint => $"http://127.0.0.1:{HttpPort}";

    public string GrpcEndpoint => $"http://127.0.0.1:{GrpcPort}";

    /// <summary>The app this sidecar serves, while it is attached.</summary>
    public AppInstance? App => _app;

    internal async Task StartAsync(int? httpPort, int? grpcPort, CancellationToken ct)
    {
        foreach (var (port, what) in new[] { (httpPort, "HTTP"), (grpcPort, "gRPC") })
        {
            if (port is { } p && FreePort.IsInUse(p))
            {
                throw new SidecarStartException($"app {AppId}: the Dapr {what} port {p} is already in use");
            }
        }

        HttpPort = httpPort ?? FreePort.Next();
        GrpcPort = grpcPort ?? FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(DaprSidecar).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(this);
        builder.Services.AddSingleton(Cluster);
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IServiceMethodProvider<DaprGrpcService>, DaprServiceMethodProvider>();
        builder.Services.AddSingleton<IServiceMethodProvider<WorkflowGrpcService>, WorkflowServiceMethodProvider>();
        builder.WebHost.ConfigureKestrel(k =>
        {
            // daprd's gRPC server puts no cap on concurrent streams; Kestrel's default of 100 would queue a
            // workflow worker's completions behind the clients' long-polling WaitForInstanceCompletion calls.
            k.Limits.Http2.MaxStreamsPerConnection = int.MaxValue;
            k.Listen(IPAddress.Loopback, HttpPort, l => l.Protocols = HttpProtocols.Http1);
            k.Listen(IPAddress.Loopback, GrpcPort, l => l.Protocols = HttpProtocols.Http2);
            if (System.Net.Sockets.Socket.OSSupportsIPv6)
            {
                k.Listen(IPAddress.IPv6Loopback, HttpPort, l => l.Protocols = HttpProtocols.Http1);
                k.Listen(IPAddress.IPv6Loopback, GrpcPort, l => l.Protocols = HttpProtocols.Http2);
            }
        });

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            await next(context);
            _logger.LogDebug("{Method} {Path} -> {Status}", context.Request.Method, context.Request.Path, context.Response.StatusCode);
        });
        // The SDK joins its endpoint and paths with an extra slash ("//v1.0/actors/…"); daprd's router accepts that.
        app.Use((context, next) =>
        {
            if (context.Request.Path.Value is { } path && path.Contains("//", StringComparison.Ordinal))
            {
                context.Request.Path = new Microsoft.AspNetCore.Http.PathString(System.Text.RegularExpressions.Regex.Replace(path, "/{2,}", "/"));
            }

            return next(context);
        });
        app.UseMiddleware<DaprErrorMiddleware>();
        app.UseMiddleware<AppIdHeaderInvokeMiddleware>();
        app.UseRouting();
        app.MapGrpcService<DaprGrpcService>();
        app.MapGrpcService<WorkflowGrpcService>();
        app.MapHealthEndpoints();
        app.MapMetadataEndpoints();
        app.MapPublishEndpoints();
        app.MapStateEndpoints();
        app.MapSecretEndpoints();
        app.MapInvokeEndpoints();
        app.MapActorEndpoints();
        app.MapWorkflowEndpoints();
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException ex)
        {
            await app.DisposeAsync();
            throw new SidecarStartException($"app {AppId}: cannot listen on Dapr HTTP port {HttpPort} / gRPC port {GrpcPort}: {ex.Message}");
        }

        _host = app;
        _logger.LogInformation("Sidecar for {AppId} listening: HTTP {HttpPort}, gRPC {GrpcPort}", AppId, HttpPort, GrpcPort);
    }

    /// <summary>
    /// Connects the sidecar to its app once the app listens: reads <c>/dapr/config</c> (actor types) and
    /// <c>/dapr/subscribe</c>, then the app takes part in placement and pub/sub.
    /// </summary>
    public async Task<AppInstance> AttachAppAsync(Uri appAddress, CancellationToken ct = default)
    {
        if (_app is not null)
        {
            throw new InvalidOperationException($"sidecar {AppId} already serves an app at {_app.Address}");
        }

        var (types, idle) = await ReadActorConfigAsync(appAddress, ct);
        var subscriptions = await ReadSubscriptionsAsync(appAddress, ct);
        foreach (var declared in Resources.Subscriptions)
        {
            if (!subscriptions.Exists(s => s.PubsubName == declared.PubsubName && s.Topic == declared.Topic))
            {
                subscriptions.Add(SubscriptionInfo.From(declared));
            }
        }

        if (types.Count > 0 && Resources.ActorStateStore is null)
        {
            // daprd will not host actors without an actor state store; calls to them fail.
            _logger.LogError(
                "App {AppId} registers actor types {Types} but no state store in its resources sets actorStateStore: \"true\"; the actors are not hosted",
                AppId,
                string.Join(", ", types));
            ActorConfigError = $"the state store is not configured to use the actor runtime. Have you set the - name: actorStateStore value: \"true\" in your state store component file? (app {AppId} registers {string.Join(", ", types)})";
            types = [];
        }
        else
        {
            ActorConfigError = null;
        }

        var instance = new AppInstance(this, appAddress, types, idle, subscriptions);
        _app = instance;
        Cluster.Attach(instance);
        _logger.LogInformation("App {AppId} attached at {Address}: actors [{Types}], subscriptions [{Subs}]", AppId, appAddress, string.Join(", ", types), string.Join(", ", subscriptions.Select(s => $"{s.PubsubName}/{s.Topic}")));
        return instance;
    }

    /// <summary>Why actors are refused for this app, if they are.</summary>
    public string? ActorConfigError { get; private set; }

    /// <summary>The app stopped: its actors are deactivated, its subscriptions paused.</summary>
    public void DetachApp()
    {
        var app = Interlocked.Exchange(ref _app, null);
        if (app is not null)
        {
            Cluster.Detach(app);
        }
    }

    private async Task<(List<string> Types, TimeSpan Idle)> ReadActorConfigAsync(Uri appAddress, CancellationToken ct)
    {
        var idle = TimeSpan.FromMinutes(60);
        var response = await Cluster.Channel.SendAsync(appAddress, HttpMethod.Get, "/dapr/config", null, null, null, ct);
        if (!response.IsSuccess || response.Body.Length == 0)
        {
            return ([], idle);
        }

        using var doc = JsonDocument.Parse(response.Body);
        var root = doc.RootElement;
        var types = root.TryGetProperty("entities", out var entities) && entities.ValueKind == JsonValueKind.Array
            ? entities.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
            : [];
        if (root.TryGetProperty("actorIdleTimeout", out var idleText) && idleText.ValueKind == JsonValueKind.String && DaprDuration.TryParse(idleText.GetString(), out var parsed) && parsed > TimeSpan.Zero)
        {
            idle = parsed;
        }

        return (types, idle);
    }

    private async Task<List<SubscriptionInfo>> ReadSubscriptionsAsync(Uri appAddress, CancellationToken ct)
    {
        var response = await Cluster.Channel.SendAsync(appAddress, HttpMethod.Get, "/dapr/subscribe", null, null, null, ct);
        if (!response.IsSuccess || response.Body.Length == 0)
        {
            return []; // 404 means "no subscriptions".
        }

        using var doc = JsonDocument.Parse(response.Body);
        return SubscriptionInfo.ParseProgrammatic(doc.RootElement);
    }

    public async ValueTask DisposeAsync()
    {
        DetachApp();
        Cluster.Forget(this);
        if (_host is not null)
        {
            await _host.StopAsync();
            await _host.DisposeAsync();
            _host = null;
        }
    }
}

/// <summary>A sidecar could not start: a port is taken, or its resources are refused.</summary>
public sealed class SidecarStartException(string message) : Exception(message);
