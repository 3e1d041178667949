using CheckIns.Incidents;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddIncidents();
builder.AddProjectAuth();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapIncidents();
app.Run();

public partial class Program;
