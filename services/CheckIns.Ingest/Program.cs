using CheckIns.Ingest.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddIngestServices();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapIngestApis();
app.Run();

public partial class Program;
