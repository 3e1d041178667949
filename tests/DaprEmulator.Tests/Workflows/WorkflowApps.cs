using Dapr.Workflow;
using DaprEmulator.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DaprEmulator.Tests.Workflows;

/// <summary>Apps that host the test workflows with the real Dapr.Workflow SDK.</summary>
public static class WorkflowApps
{
    public static Task<DaprTestApp> StartAsync(DaprTestEnvironment dapr, WorkflowProbe probe, string appId = "wf-app") =>
        dapr.StartAppAsync(
            appId,
            b =>
            {
                b.Services.AddSingleton(probe);
                b.Services.AddDaprWorkflow(o =>
                {
                    o.RegisterWorkflow<ChainWorkflow>();
                    o.RegisterActivity<AppendActivity>();
                });
            },
            _ => { },
            TestContext.Current.CancellationToken);

    public static DaprWorkflowClient Client(this DaprTestApp app) => app.Services.GetRequiredService<DaprWorkflowClient>();
}
