using CheckIns.Processor;
using CheckIns.Processor.Apis;
using CheckIns.Processor.Subscriptions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddProcessor();
builder.AddProjectAuth();

var app = builder.Build();
app.UseCloudEvents();
app.MapDefaultEndpoints();
app.MapSubscribeHandler();
app.MapActorsHandlers();
app.MapIngestMonitorsSubscription();
app.MapMonitorsApi();
app.MapProcessingErrorsApi();
app.MapPingUuidsApi();
app.MapStreamClockApi();
app.Run();

public partial class Program;
