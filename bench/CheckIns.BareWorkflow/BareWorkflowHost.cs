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

    /// <summary>
    /// Workflows per second over <paramref name="count"/> workflows, <paramref name="inFlight"/> at a time, and what
    /// they cost; with <paramref name="repeats"/> above 1, the median rate of that many back-to-back measurements (a
    /// second of load on a shared machine moves one measurement a lot).
    /// </summary>
    public async Task<BareWorkflowRate> MeasureAsync(string label, int count, int inFlight, int repeats = 1)
    {
        var before = Stats;
        var rates = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            rates.Add(await WorkflowLoad.RateAsync(count, inFlight, i => WorkflowLoad.RunWorkflowAsync(Client, $"{label}-{r}-{i}", i)));
        }

        var after = Stats;
        var total = (double)count * repeats;
        return new BareWorkflowRate(
            inFlight,
            rates.Order().ElementAt(rates.Count / 2),
            (after.OrchestratorWorkItems - before.OrchestratorWorkItems) / total,
            (after.ActivityWorkItems - before.ActivityWorkItems) / total,
            (after.HistoryEventsStored - before.HistoryEventsStored) / total);
    }

    public ValueTask DisposeAsync() => Dapr.DisposeAsync();
}

/// <summary>The bare workflow's rate at one concurrency, with its work items and history events per workflow.</summary>
public sealed record BareWorkflowRate(int InFlight, double WorkflowsPerSecond, double OrchestratorWorkItems, double ActivityWorkItems, double HistoryEvents);
