using Dapr.Workflow;
using DaprEmulator.Testing;
using DaprEmulator.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CheckIns.BareWorkflow;

/// <summary>
/// A fresh emulator with one app that registers only <see cref="NoopWorkflow"/> (logging off, system clock), warmed
/// up (JIT, connections, the SDK's worker stream) so that the first measured workflow pays for none of it.
/// </summary>
public sealed class BareWorkflowHost : IAsyncDisposable
{
    private BareWorkflowHost(DaprTestEnvironment dapr, DaprWorkflowClient client)
    {
        Dapr = dapr;
        Client = client;
    }

    public DaprTestEnvironment Dapr { get; }

    public DaprWorkflowClient Client { get; }

    public WorkflowStats Stats => Dapr.Workflows.Stats;

    public static async Task<BareWorkflowHost> StartAsync()
    {
        var dapr = await DaprTestEnvironment.StartAsync();
        try
        {
            var app = await dapr.StartAppAsync(
                "workflow-bench",
                b =>
                {
                    b.Logging.ClearProviders();
                    b.Services.AddDaprWorkflow(o =>
                    {
                        o.RegisterWorkflow<NoopWorkflow>();
                        o.RegisterActivity<NoopActivity>();
                    });
                },
                _ => { });
            var host = new BareWorkflowHost(dapr, app.Services.GetRequiredService<DaprWorkflowClient>());
            await WorkflowLoad.RateAsync(500, 64, i => WorkflowLoad.RunWorkflowAsync(host.Client, $"warm-{i}", i));
            return host;
        }
        catch
        {
            await dapr.DisposeAsync();
            throw;
        }
    }

    /// <summary>Workflows per second over <paramref name="count"/> workflows, <paramref name="inFlight"/> at a time, and what they cost.</summary>
    public async Task<BareWorkflowRate> MeasureAsync(string label, int count, int inFlight)
    {
        var before = Stats;
        var rate = await WorkflowLoad.RateAsync(count, inFlight, i => WorkflowLoad.RunWorkflowAsync(Client, $"{label}-{i}", i));
        var after = Stats;
        return new BareWorkflowRate(
            inFlight,
            rate,
            (after.OrchestratorWorkItems - before.OrchestratorWorkItems) / (double)count,
            (after.ActivityWorkItems - before.ActivityWorkItems) / (double)count,
            (after.HistoryEventsStored - before.HistoryEventsStored) / (double)count);
    }

    public ValueTask DisposeAsync() => Dapr.DisposeAsync();
}

/// <summary>The bare workflow's rate at one concurrency, with its work items and history events per workflow.</summary>
public sealed record BareWorkflowRate(int InFlight, double WorkflowsPerSecond, double OrchestratorWorkItems, double ActivityWorkItems, double HistoryEvents);
