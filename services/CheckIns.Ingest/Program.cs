using CheckIns.Ingest.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddIngestServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapIngestApis();
app.Run();

public partial class Program;
